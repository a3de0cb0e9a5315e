import Artifacts
import XCTest

/// Argo CD wiring: an app of apps per environment, projects scoped to exactly what Paved renders,
/// owners' roles, sync windows, and namespaces Argo CD never prunes or deletes.
final class ArgoCDWiringTests: XCTestCase {
  private func objects(_ example: String) throws -> [String: KValue] {
    var out: [String: KValue] = [:]
    for a in try XCTUnwrap(GoldenTests.render(example).artifacts).artifacts { out[a.path] = a.object }
    return out
  }

  private func list(_ value: KValue?) -> [KValue] {
    if case .list(let items)? = value { return items }
    return []
  }

  func testOneRootApplicationPerEnvironmentHoldsItsProjectsAndApplications() throws {
    let o = try objects(".")
    let top = list(o["gitops/kustomization.yaml"]?[path: "resources"]).compactMap(\.string)
    XCTAssertEqual(
      top,
      [
        "appproject-acme-ml-root.yaml", "application-acme-ml-dev-root.yaml", "application-acme-ml-prod-root.yaml",
        "application-acme-ml-staging-root.yaml",
      ].sorted())
    let root = try XCTUnwrap(o["gitops/application-acme-ml-prod-root.yaml"])
    XCTAssertEqual(root[path: "spec.source.path"]?.string, "deploy/gitops/prod")
    XCTAssertEqual(root[path: "spec.destination.server"]?.string, "https://kubernetes.default.svc")
    XCTAssertNil(root[path: "metadata.finalizers"], "deleting a root Application leaves its children")
    let rootProject = try XCTUnwrap(o["gitops/appproject-acme-ml-root.yaml"])
    XCTAssertEqual(list(rootProject[path: "spec.namespaceResourceWhitelist"]).compactMap { $0[path: "kind"]?.string }, ["AppProject", "Application"])
    // Waves inside an environment: projects, then the cluster objects, then the tenants.
    func wave(_ path: String) -> String? { o[path]?[path: "metadata.annotations"]?.map?["argocd.argoproj.io/sync-wave"]?.string }
    XCTAssertEqual(wave("gitops/prod/appproject-acme-ml-prod-search.yaml"), "-2")
    XCTAssertEqual(wave("gitops/prod/application-acme-ml-prod-cluster.yaml"), "-1")
    XCTAssertEqual(wave("gitops/prod/application-acme-ml-prod-search.yaml"), "0")
  }

  func testThePlatformProjectAllowsExactlyTheClusterKindsPavedRenders() throws {
    let o = try objects(".")
    let project = try XCTUnwrap(o["gitops/prod/appproject-acme-ml-prod-platform.yaml"])
    let allowed = Set(list(project[path: "spec.clusterResourceWhitelist"]).compactMap { $0[path: "kind"]?.string })
    let rendered = Set(o.filter { $0.key.hasPrefix("prod/cluster/") }.compactMap { $0.value[path: "kind"]?.string })
    XCTAssertEqual(rendered.subtracting(allowed), [], "every cluster kind Paved renders is allowed")
    XCTAssertFalse(allowed.contains("*"))
    XCTAssertEqual(list(project[path: "spec.namespaceResourceBlacklist"]), [.object(["group": .string("*"), "kind": .string("*")])])
    let namespaces = Set(list(project[path: "spec.destinations"]).compactMap { $0[path: "namespace"]?.string })
    XCTAssertEqual(namespaces, ["search-prod", "recsys-prod", "research-prod"])
    // A tenant project allows the kinds of its directory and nothing cluster-scoped; owners may get and sync.
    let tenant = try XCTUnwrap(o["gitops/prod/appproject-acme-ml-prod-search.yaml"])
    let tenantKinds = Set(list(tenant[path: "spec.namespaceResourceWhitelist"]).compactMap { $0[path: "kind"]?.string })
    let inDirectory = Set(
      o.filter { $0.key.hasPrefix("prod/tenants/search/") && !$0.key.hasSuffix("kustomization.yaml") }.compactMap { $0.value[path: "kind"]?.string })
    XCTAssertEqual(inDirectory.subtracting(tenantKinds), [])
    XCTAssertEqual(list(tenant[path: "spec.clusterResourceWhitelist"]), [])
    XCTAssertEqual(list(list(tenant[path: "spec.roles"]).first?[path: "groups"]), [.string("ml-search")])
  }

  func testNamespacesAreNeverPrunedOrDeletedByDefault() throws {
    let o = try objects(".")
    let ns = try XCTUnwrap(o["prod/cluster/namespace-search-prod.yaml"])
    XCTAssertEqual(ns[path: "metadata.annotations"]?.map?["argocd.argoproj.io/sync-options"]?.string, "Prune=false,Delete=false")
    let flux = try objects("examples/flux")
    let fluxNamespace = try XCTUnwrap(flux.first { $0.key.hasPrefix("prod/cluster/namespace-") }?.value)
    XCTAssertEqual(fluxNamespace[path: "metadata.annotations"]?.map?["kustomize.toolkit.fluxcd.io/prune"]?.string, "disabled")
  }

  func testSyncWindowsGoToTheirEnvironmentsProjects() throws {
    let o = try objects("examples/multi-tenant-gpu")
    let prod = list(o["gitops/prod/appproject-gpu-org-prod-search.yaml"]?[path: "spec.syncWindows"])
    XCTAssertEqual(prod.first?[path: "kind"]?.string, "allow")
    XCTAssertEqual(prod.first?[path: "schedule"]?.string, "0 6 * * 1-5")
    XCTAssertEqual(prod.first?[path: "manualSync"], .bool(true))
    XCTAssertNil(o["gitops/dev/appproject-gpu-org-dev-search.yaml"]?[path: "spec.syncWindows"])
  }
}

import Diagnostics
import PlatformModel
import XCTest

/// `rendersSame` compares fields by hand (it must skip `origin` and compare quantities by their
/// text). These tests fail when a field is added to a model type without being considered there.
final class SameRenderingTests: XCTestCase {
  private let here = SourceRange.file("platform.yaml")
  private let there = SourceRange(
    start: SourceLocation(file: "a:platform.yaml", line: 9, column: 3), end: SourceLocation(file: "a:platform.yaml", line: 9, column: 9))

  private func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

  private func tenant(cpu: String = "8", origin: SourceRange? = nil) -> Tenant {
    Tenant(
      name: "search", owners: [Owner(kind: .group, name: "ml")], cpu: Quantity(cpu)!, memory: Quantity("32Gi")!,
      gpus: [("l4", 2)], borrowing: [("l4", 1)], priority: .high, origin: origin ?? here)
  }

  private func pin(digest: String = "sha256:aa", origin: SourceRange? = nil) -> ModelPin {
    ModelPin(model: "ranker", version: "1.0.0", artifact: "s3://m/ranker", digest: digest, origin: origin ?? here)
  }

  func testEveryFieldOfTheComparedTypesIsKnown() {
    // Adding a field? Compare it in SameRendering.swift (or say there why emitters never read it), then list it here.
    XCTAssertEqual(
      fields(tenant()), ["name", "owners", "cpu", "memory", "gpus", "borrowing", "priority", "podSecurity", "deleteOnRemoval", "origin"])
    XCTAssertEqual(
      fields(Model(name: "m", tenant: "t", contract: nil, serving: nil, origin: here)), ["name", "tenant", "contract", "serving", "origin"])
    XCTAssertEqual(fields(pin()), ["model", "version", "artifact", "digest", "canary", "origin"])
    let pool = GPUPool(name: "l4", resource: "nvidia.com/gpu", nodeLabels: [], taints: [], capacity: 4, sharing: .exclusive, origin: here)
    XCTAssertEqual(fields(pool), ["name", "resource", "nodeLabels", "taints", "capacity", "sharing", "origin"])
    let env = Environment(name: "dev", clusterName: "c", server: "https://c", pins: [], file: "environments/dev.yaml")
    XCTAssertEqual(fields(env), ["name", "clusterName", "server", "pins", "file", "kubeConfigSecret", "approvers", "promotion"])
    let platform = Platform(
      name: "p", kubernetesMinor: 33, gitops: GitOps(engine: .argocd, repoURL: "r", path: "deploy", targetRevision: "main"),
      network: Network(gatewayNamespace: "g", monitoringNamespace: "m"), pools: [], tenants: [], models: [], environments: [])
    XCTAssertEqual(
      fields(platform),
      ["name", "kubernetesMinor", "gitops", "network", "observability", "allowedSources", "pools", "tenants", "models", "environments", "ci"])
  }

  func testWhereAValueWasWrittenDoesNotCountButHowItIsWrittenDoes() {
    XCTAssertTrue(tenant().rendersSame(as: tenant(origin: there)))
    XCTAssertTrue(pin().rendersSame(as: pin(origin: there)))
    // The same quantity in other words renders differently: "8" and "8000m" are == as quantities.
    XCTAssertEqual(Quantity("8"), Quantity("8000m"))
    XCTAssertFalse(tenant(cpu: "8").rendersSame(as: tenant(cpu: "8000m")))
    XCTAssertFalse(pin().rendersSame(as: pin(digest: "sha256:bb")))
  }

  func testTenantsRenderingTheSameNeedTheSameModelsPinsAndSettings() {
    let env = { (pins: [ModelPin]) in Environment(name: "dev", clusterName: "c", server: "https://c", pins: pins, file: "environments/dev.yaml") }
    func platform(_ tenants: [Tenant], models: [Model] = [], pins: [ModelPin] = [], repo: String = "r") -> Platform {
      Platform(
        name: "p", kubernetesMinor: 33, gitops: GitOps(engine: .argocd, repoURL: repo, path: "deploy", targetRevision: "main"),
        network: Network(gatewayNamespace: "g", monitoringNamespace: "m"), pools: [], tenants: tenants, models: models,
        environments: [env(pins)])
    }
    var other = tenant()
    other.name = "ads"
    let ranker = Model(name: "ranker", tenant: "search", contract: nil, serving: nil, origin: here)
    let base = platform([tenant(), other], models: [ranker], pins: [pin()])
    XCTAssertEqual(base.tenantsRenderingSame(as: base), ["ads", "search"])
    // A pin of search's model changed: only ads renders the same.
    XCTAssertEqual(platform([tenant(), other], models: [ranker], pins: [pin(digest: "sha256:bb")]).tenantsRenderingSame(as: base), ["ads"])
    // The model moved to ads: neither does.
    var moved = ranker
    moved.tenant = "ads"
    XCTAssertEqual(platform([tenant(), other], models: [moved], pins: [pin()]).tenantsRenderingSame(as: base), [])
    // A tenant only on one side renders differently; the others still the same.
    XCTAssertEqual(platform([tenant()], models: [ranker], pins: [pin()]).tenantsRenderingSame(as: base), ["search"])
    // A platform setting changed: no tenant is known to render the same.
    XCTAssertNil(platform([tenant(), other], models: [ranker], pins: [pin()], repo: "r2").tenantsRenderingSame(as: base))
  }
}

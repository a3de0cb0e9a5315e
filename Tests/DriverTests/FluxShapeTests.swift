import Artifacts
import Driver
import TestSupport
import XCTest

/// Flux objects reference each other correctly (the strict schemas in ../shared check each object
/// alone, in ClusterAcceptanceTests), reach remote clusters through their kubeconfig, wait with a
/// timeout, read a private repository and report failures.
final class FluxShapeTests: XCTestCase {
  func testFluxObjectsAreWellFormedAndReferenceEachOther() throws {
    let result = try GoldenTests.render("examples/flux")
    let artifacts = try XCTUnwrap(result.artifacts).artifacts.filter { $0.path.hasPrefix("gitops/") }
    XCTAssertFalse(artifacts.isEmpty)
    for env in ["staging", "prod"] {
      let objects = artifacts.filter { $0.path.hasPrefix("gitops/\(env)/") && !$0.path.hasSuffix("/kustomization.yaml") }.compactMap(\.object)
      let repos = objects.filter { $0["kind"]?.string == "GitRepository" }
      let kustomizations = objects.filter { $0["kind"]?.string == "Kustomization" }
      XCTAssertEqual(repos.count, 1)
      XCTAssertEqual(kustomizations.count, 3, "cluster + two tenants")
      let repoNames = Set(repos.compactMap { $0[path: "metadata.name"]?.string })
      let names = Set(kustomizations.compactMap { $0[path: "metadata.name"]?.string })
      for repo in repos {
        XCTAssertEqual(repo["apiVersion"]?.string, "source.toolkit.fluxcd.io/v1")
        let keys = Set(repo["spec"]?.map?.entries.map(\.key) ?? [])
        XCTAssertTrue(keys.isSuperset(of: ["interval", "url", "ref"]) && keys.isSubset(of: ["interval", "url", "ref", "secretRef"]), "\(keys)")
        XCTAssertTrue(repo[path: "spec.url"]?.string?.hasPrefix("https://") ?? false)
        XCTAssertNotNil(repo[path: "spec.ref.branch"]?.string)
        XCTAssertTrue(isDuration(repo[path: "spec.interval"]?.string))
      }
      for k in kustomizations {
        XCTAssertEqual(k["apiVersion"]?.string, "kustomize.toolkit.fluxcd.io/v1")
        let allowed: Set<String> = ["interval", "path", "prune", "wait", "timeout", "sourceRef", "kubeConfig", "dependsOn"]
        XCTAssertTrue(Set(k["spec"]?.map?.entries.map(\.key) ?? []).isSubset(of: allowed))
        XCTAssertEqual(k[path: "spec.prune"], .bool(true), "prune is a boolean true")
        XCTAssertTrue(isDuration(k[path: "spec.interval"]?.string))
        XCTAssertTrue(k[path: "spec.path"]?.string?.hasPrefix("./clusters/\(env)/") ?? false)
        XCTAssertEqual(k[path: "spec.sourceRef.kind"]?.string, "GitRepository")
        XCTAssertTrue(repoNames.contains(k[path: "spec.sourceRef.name"]?.string ?? ""))
        XCTAssertEqual(k[path: "metadata.namespace"]?.string, "flux-system")
        if case .list(let deps)? = k[path: "spec.dependsOn"] {
          for dep in deps { XCTAssertTrue(names.contains(dep[path: "name"]?.string ?? ""), "dependsOn resolves") }
        } else {
          XCTAssertEqual(k[path: "metadata.name"]?.string, "\(env)-cluster", "only the cluster Kustomization has no dependency")
        }
      }
    }
  }

  private func isDuration(_ s: String?) -> Bool {
    guard let s, let last = s.last, ["s", "m", "h"].contains(last) else { return false }
    return Int(s.dropLast()) != nil
  }

  func testRemoteClustersPrivateRepositoriesTimeoutsAndAlerts() throws {
    let artifacts = try XCTUnwrap(GoldenTests.render("examples/flux").artifacts).artifacts
    func objects(_ env: String, _ kind: String) -> [KValue] {
      artifacts.filter { $0.path.hasPrefix("gitops/\(env)/") && !$0.path.hasSuffix("/kustomization.yaml") }.compactMap(\.object).filter {
        $0["kind"]?.string == kind
      }
    }
    // Flux runs in staging (spec.gitops.runsIn): only prod's Kustomizations go through a kubeconfig.
    for k in objects("staging", "Kustomization") { XCTAssertNil(k[path: "spec.kubeConfig"]) }
    for k in objects("prod", "Kustomization") {
      XCTAssertEqual(k[path: "spec.kubeConfig.secretRef.name"]?.string, "flux-ml-prod-kubeconfig")
      XCTAssertEqual(k[path: "spec.wait"], .bool(true))
      XCTAssertEqual(k[path: "spec.timeout"]?.string, "5m")
    }
    XCTAssertEqual(objects("prod", "GitRepository").first?[path: "spec.secretRef.name"]?.string, "flux-git-credentials")
    let provider = try XCTUnwrap(objects("prod", "Provider").first)
    XCTAssertEqual(provider[path: "spec.type"]?.string, "slack")
    let alert = try XCTUnwrap(objects("prod", "Alert").first)
    XCTAssertEqual(alert[path: "spec.providerRef.name"]?.string, provider[path: "metadata.name"]?.string)
    XCTAssertEqual(alert[path: "spec.eventSeverity"]?.string, "error")
  }
}

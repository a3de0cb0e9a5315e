import Artifacts
import Driver
import TestSupport
import XCTest

/// Flux objects have no schema in ../shared, so their shape is checked here against the Flux APIs
/// (source.toolkit.fluxcd.io/v1 GitRepository, kustomize.toolkit.fluxcd.io/v1 Kustomization).
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
        XCTAssertEqual(Set(repo["spec"]?.map?.entries.map(\.key) ?? []), ["interval", "url", "ref"])
        XCTAssertTrue(repo[path: "spec.url"]?.string?.hasPrefix("https://") ?? false)
        XCTAssertNotNil(repo[path: "spec.ref.branch"]?.string)
        XCTAssertTrue(isDuration(repo[path: "spec.interval"]?.string))
      }
      for k in kustomizations {
        XCTAssertEqual(k["apiVersion"]?.string, "kustomize.toolkit.fluxcd.io/v1")
        let allowed: Set<String> = ["interval", "path", "prune", "wait", "sourceRef", "dependsOn"]
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
}

import Diagnostics
import PlatformModel
import XCTest

/// Plans skip the tenants that render the same on both sides, decided by the model types' derived
/// `==`, which ignores where a value was written (`NotCompared`) but not how it is written.
final class SameRenderingTests: XCTestCase {
  private let here = SourceRange.file("platform.yaml")
  private let there = SourceRange(
    start: SourceLocation(file: "a:platform.yaml", line: 9, column: 3), end: SourceLocation(file: "a:platform.yaml", line: 9, column: 9))

  private func tenant(cpu: String = "8", origin: SourceRange? = nil) -> Tenant {
    Tenant(
      name: "search", owners: [Owner(kind: .group, name: "ml")], cpu: Quantity(cpu)!, memory: Quantity("32Gi")!,
      gpus: [PoolCount(pool: "l4", count: 2)], borrowing: [PoolCount(pool: "l4", count: 1)], priority: .high, origin: origin ?? here)
  }

  private func pin(digest: String = "sha256:aa", origin: SourceRange? = nil) -> ModelPin {
    ModelPin(model: "ranker", version: "1.0.0", artifact: "s3://m/ranker", digest: digest, origin: origin ?? here)
  }

  func testWhereAValueWasWrittenDoesNotCountButHowItIsWrittenDoes() {
    XCTAssertEqual(tenant(), tenant(origin: there))
    XCTAssertEqual(pin(), pin(origin: there))
    let pool = { (origin: SourceRange) in
      GPUPool(name: "l4", resource: "nvidia.com/gpu", nodeLabels: [], taints: [], capacity: 4, sharing: .exclusive, origin: origin)
    }
    XCTAssertEqual(pool(here), pool(there))
    XCTAssertEqual(
      Environment(name: "dev", clusterName: "c", server: "https://c", pins: [], file: "environments/dev.yaml"),
      Environment(name: "dev", clusterName: "c", server: "https://c", pins: [], file: "89d6623:environments/dev.yaml"))
    // The same quantity in other words renders differently: "8" and "8000m" are the same amount.
    XCTAssertEqual(Quantity("8")?.milliValue, Quantity("8000m")?.milliValue)
    XCTAssertNotEqual(tenant(cpu: "8"), tenant(cpu: "8000m"))
    XCTAssertNotEqual(pin(), pin(digest: "sha256:bb"))
    var other = tenant()
    other.deleteOnRemoval = true
    XCTAssertNotEqual(tenant(), other)
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
    // What only CI reads (approvers, promotion, `spec.ci`) is not a setting the manifests depend on.
    var approved = platform([tenant(), other], models: [ranker], pins: [pin()])
    approved.environments[0].approvers = ["group:sre"]
    XCTAssertEqual(approved.tenantsRenderingSame(as: base), ["ads", "search"])
    // Every environment's cluster is: a changed server renders every tenant's wiring differently.
    var elsewhere = base
    elsewhere.environments[0].server = "https://d"
    XCTAssertNil(elsewhere.tenantsRenderingSame(as: base))
  }
}

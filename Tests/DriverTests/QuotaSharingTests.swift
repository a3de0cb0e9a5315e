import Artifacts
import XCTest

/// Serving pods bypass Kueue (ARCHITECTURE.md, "Quota: who guards what"): the ClusterQueue gets the
/// tenant's nominal quota less what serving reserves, the ResourceQuota the whole of nominal + borrowing.
final class QuotaSharingTests: XCTestCase {
  private func object(_ path: String) throws -> KValue {
    let artifacts = try XCTUnwrap(GoldenTests.render(".").artifacts).artifacts
    return try XCTUnwrap(artifacts.first { $0.path == path }?.object, path)
  }

  /// `(name, nominalQuota, borrowingLimit)` of every resource of a ClusterQueue, in order.
  private func resources(_ queue: KValue) -> [String] {
    var out: [String] = []
    guard case .list(let groups)? = queue[path: "spec.resourceGroups"] else { return out }
    for group in groups {
      guard case .list(let flavors)? = group[path: "flavors"] else { continue }
      for flavor in flavors {
        guard case .list(let rs)? = flavor[path: "resources"] else { continue }
        for r in rs {
          let nominal: String
          switch r[path: "nominalQuota"] {
          case .int(let n)?: nominal = String(n)
          case .string(let s)?: nominal = s
          default: nominal = "?"
          }
          out.append("\(r[path: "name"]?.string ?? "?")=\(nominal)")
        }
      }
    }
    return out
  }

  func testServingIsReservedOutOfTheClusterQueue() throws {
    // search: cpu 200, memory 800Gi, h100 16 (+8 borrowing). Staging pins ranker (max 8, 4 CPU, 16Gi, 1 GPU)
    // with a 10 % canary: 9 pods → 36 CPU, 144Gi, 9 GPUs reserved.
    XCTAssertEqual(resources(try object("staging/cluster/clusterqueue-search-staging.yaml")), ["cpu=164", "memory=656Gi", "nvidia.com/gpu=7"])
    // In prod, no canary: 8 pods.
    XCTAssertEqual(resources(try object("prod/cluster/clusterqueue-search-prod.yaml")), ["cpu=168", "memory=672Gi", "nvidia.com/gpu=8"])
    // The ResourceQuota still covers all of it.
    let quota = try object("staging/tenants/search/resourcequota-tenant-quota.yaml")
    XCTAssertEqual(quota[path: "spec.hard"]?.map?["requests.nvidia.com/gpu"]?.string, "24")
    XCTAssertEqual(quota[path: "spec.hard"]?.map?["requests.cpu"]?.string, "200")
  }

  func testServingPodsCarryThePriorityAndNoQueue() throws {
    let isvc = try object("prod/tenants/search/inferenceservice-ranker.yaml")
    XCTAssertEqual(isvc[path: "spec.predictor.priorityClassName"]?.string, "paved-high")
    XCTAssertNil(isvc[path: "spec.predictor.labels"]?.map?["kueue.x-k8s.io/queue-name"])
    XCTAssertNil(isvc[path: "metadata.labels"]?.map?["kueue.x-k8s.io/queue-name"])
  }
}

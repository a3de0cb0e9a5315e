import Artifacts
import XCTest

/// Owners get a ClusterRole Paved emits, bound in their namespace: workloads yes, Paved's isolation and quota objects read-only,
/// their InferenceServices and queues readable.
final class TenantRBACTests: XCTestCase {
  /// Verbs the owners' Role grants on `resource` of `group`.
  private func verbs(_ role: KValue, _ group: String, _ resource: String) -> Set<String> {
    guard case .list(let rules)? = role[path: "rules"] else { return [] }
    var out = Set<String>()
    for rule in rules {
      guard case .list(let groups)? = rule[path: "apiGroups"], case .list(let resources)? = rule[path: "resources"],
        case .list(let verbs)? = rule[path: "verbs"], groups.contains(.string(group)), resources.contains(.string(resource))
      else { continue }
      out.formUnion(verbs.compactMap(\.string))
    }
    return out
  }

  func testOwnersCannotUndoTheirIsolationButCanReadTheirModels() throws {
    let artifacts = try XCTUnwrap(GoldenTests.render(".").artifacts).artifacts
    func object(_ path: String) throws -> KValue { try XCTUnwrap(artifacts.first { $0.path == path }?.object, path) }
    let role = try object("prod/cluster/clusterrole-paved-tenant-owner.yaml")
    for (group, resource) in [
      ("networking.k8s.io", "networkpolicies"), ("", "resourcequotas"), ("", "limitranges"), ("policy", "poddisruptionbudgets"),
    ] {
      XCTAssertEqual(verbs(role, group, resource), ["get", "list", "watch"], resource)
    }
    XCTAssertEqual(verbs(role, "serving.kserve.io", "inferenceservices"), ["get", "list", "watch"])
    XCTAssertEqual(verbs(role, "kueue.x-k8s.io", "localqueues"), ["get", "list", "watch"])
    XCTAssertTrue(verbs(role, "batch", "jobs").isSuperset(of: ["create", "delete", "update"]))
    XCTAssertTrue(verbs(role, "apps", "deployments").contains("create"))
    XCTAssertEqual(verbs(role, "rbac.authorization.k8s.io", "rolebindings"), [], "owners cannot grant themselves more")
    let binding = try object("prod/tenants/search/rolebinding-paved-owners.yaml")
    XCTAssertEqual(binding[path: "roleRef.kind"]?.string, "ClusterRole", "bound in the namespace: it grants nothing outside it")
    XCTAssertEqual(binding[path: "roleRef.name"]?.string, "paved-tenant-owner")
  }
}

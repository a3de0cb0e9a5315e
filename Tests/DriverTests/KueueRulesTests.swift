import Artifacts
import Driver
import EmitKubernetes
import XCTest

/// The native checks of the Kueue CRDs' CEL rules and cross-object consistency catch broken output.
final class KueueRulesTests: XCTestCase {
  private func rendered() throws -> [Artifact] {
    try XCTUnwrap(GoldenTests.render("examples/multi-tenant-gpu").artifacts).artifacts
  }

  /// Replaces the object at `path` by `edit(object)` and re-renders its bytes.
  private func tamper(_ artifacts: [Artifact], _ path: String, _ edit: (inout KMap) -> Void) throws -> [Artifact] {
    try artifacts.map { a in
      guard a.path == path else { return a }
      var map = try XCTUnwrap(a.object?.map)
      edit(&map)
      return Artifact.manifest(path: a.path, object: .map(map), origin: a.origin)
    }
  }

  private func setSpec(_ map: inout KMap, _ key: String, _ value: KValue) {
    var spec = map["spec"]?.map ?? KMap()
    spec.set(key, value)
    map.set("spec", .map(spec))
  }

  func testRenderedExamplesHaveNoViolations() throws {
    XCTAssertEqual(KueueRules.check(try rendered()), [])
  }

  func testQuotaBelowWhatKueueMayAdmit() throws {
    let broken = try tamper(try rendered(), "prod/tenants/ads/resourcequota-tenant-quota.yaml") { map in
      setSpec(
        &map, "hard",
        .object([
          "requests.cpu": .string("192"), "requests.memory": .string("768Gi"), "requests.nvidia.com/gpu": .string("1"),
          "requests.nvidia.com/mig-1g.10gb": .string("80"),
        ]))
    }
    let violations = KueueRules.check(broken)
    XCTAssertEqual(violations.map(\.path), ["prod/cluster/clusterqueue-ads-prod.yaml"])
    XCTAssertTrue(violations.first?.rule.contains("requests.nvidia.com/gpu") ?? false)
  }

  func testSelectorThatMatchesNoNamespace() throws {
    let broken = try tamper(try rendered(), "dev/cluster/clusterqueue-fraud-dev.yaml") { map in
      setSpec(&map, "namespaceSelector", .object(["matchLabels": .object(["paved.dev/tenant": .string("nobody")])]))
    }
    XCTAssertEqual(KueueRules.check(broken).map(\.path), ["dev/cluster/clusterqueue-fraud-dev.yaml"])
  }

  func testBorrowingWithoutCohortAndReclaimNeverRules() throws {
    let broken = try tamper(try rendered(), "dev/cluster/clusterqueue-search-dev.yaml") { map in
      setSpec(&map, "cohortName", .string(""))
      setSpec(
        &map, "preemption", .object(["reclaimWithinCohort": .string("Never"), "borrowWithinCohort": .object(["policy": .string("LowerPriority")])]))
    }
    let rules = KueueRules.check(broken).map(\.rule)
    XCTAssertTrue(rules.contains("borrowingLimit requires a cohort"), "\(rules)")
    XCTAssertTrue(rules.contains { $0.hasPrefix("reclaimWithinCohort=Never") }, "\(rules)")
  }

  func testLocalQueueOfAMissingClusterQueue() throws {
    let broken = try tamper(try rendered(), "staging/tenants/notebooks/localqueue-default.yaml") { map in
      setSpec(&map, "clusterQueue", .string("ghost"))
    }
    XCTAssertEqual(KueueRules.check(broken).map(\.rule), ["clusterQueue 'ghost' does not exist"])
  }

  func testTolerationRules() throws {
    let broken = try tamper(try rendered(), "prod/cluster/resourceflavor-h100.yaml") { map in
      setSpec(
        &map, "tolerations",
        .list([.object(["key": .string("k"), "operator": .string("Exists"), "value": .string("v"), "effect": .string("NoSchedule")])]))
    }
    XCTAssertEqual(KueueRules.check(broken).map(\.rule), ["a toleration with operator Exists must not have a value"])
  }
}

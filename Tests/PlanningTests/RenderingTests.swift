import Artifacts
import Foundation
import Planning
import XCTest

final class RenderingTests: XCTestCase {
  typealias F = PlanFixtures
  static let sentinel = "SENTINEL-s3cr3t-9f2c"

  private func sample() throws -> Plan {
    let base = try F.set([
      F.namespace("a-prod"), F.namespace("gone-prod"), F.localQueue("a-prod", clusterQueue: "a-prod"),
      F.quota("a-prod", cpu: "8"), F.secret("a-prod", "db", data: ["password": "old-" + Self.sentinel]),
      F.secret("gone-prod", "token", data: ["token": Self.sentinel]),
    ])
    let head = try F.set([
      F.namespace("a-prod"), F.namespace("new-prod"), F.localQueue("a-prod", clusterQueue: "shared-prod"),
      F.quota("a-prod", cpu: "16"), F.secret("a-prod", "db", data: ["password": Self.sentinel, "user": Self.sentinel + "-u"], note: "y"),
      F.secret("new-prod", "api", data: ["key": Self.sentinel]),
    ])
    return Planner().diff(base: base, head: head)
  }

  func testTextPutsTheSummaryFirstAndFlagsDestructiveChanges() throws {
    let text = TextPlanRenderer.render(try sample(), metadata: F.metadata)
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "Plan: 2 to create, 2 to update, 1 to replace, 2 to delete.")
    XCTAssertTrue(text.contains("! 3 destructive changes: 2 to delete, 1 to replace"), text)
    XCTAssertTrue(text.contains("! delete   prod: v1 Namespace gone-prod  (prod/cluster/namespace-gone-prod.yaml)"), text)
    XCTAssertTrue(text.contains(#"~ spec.clusterQueue: "a-prod" → "shared-prod"   (immutable: forces replacement)"#), text)
    XCTAssertTrue(text.contains(#"~ spec.hard["requests.cpu"]: "8" → "16""#), text)
    XCTAssertTrue(text.contains("~ data.password: (sensitive value changed)"), text)
    XCTAssertTrue(text.contains("+ data.user: (sensitive value changed)"), text)
    XCTAssertTrue(text.contains(#"~ metadata.annotations.note: "x" → "y""#), text)
    // Deletions come before replacements, updates and creations.
    func first(_ s: String) -> Int { text.range(of: s).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? -1 }
    XCTAssertLessThan(first("! delete"), first("! replace"))
    XCTAssertLessThan(first("! replace"), first("~ update"))
    XCTAssertLessThan(first("~ update"), first("+ create"))
  }

  func testASecretValueNeverAppearsInAnyFormat() throws {
    let plan = try sample()
    let extra = Planner(sensitive: SensitiveFields.kubernetes.adding([.init(kind: "Namespace", keys: ["metadata", "labels", "token"])]))
    let labelled = extra.diff(
      base: try F.set([F.namespace("x-prod", labels: ["token": "old"])]),
      head: try F.set([F.namespace("x-prod", labels: ["token": Self.sentinel])]))
    XCTAssertEqual(labelled.changes.first?.fields.first?.sensitive, true)
    for p in [plan, labelled] {
      for output in [
        TextPlanRenderer.render(p, metadata: F.metadata),
        MarkdownPlanRenderer().render(p, metadata: F.metadata),
        JSONPlanRenderer.render(p, metadata: F.metadata),
      ] {
        XCTAssertFalse(output.contains("s3cr3t"), output)
        XCTAssertTrue(output.contains("sensitive"), output)
      }
    }
    // Key names stay visible, values are placeholders.
    let json = JSONPlanRenderer.render(plan, metadata: F.metadata)
    XCTAssertTrue(json.contains(#""password":"(sensitive)""#), json)
  }

  func testJSONCarriesVersionRevisionsFingerprintAndChanges() throws {
    let json = JSONPlanRenderer.render(try sample(), metadata: F.metadata)
    let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    XCTAssertEqual(doc["formatVersion"] as? Int, 1)
    XCTAssertEqual((doc["base"] as? [String: Any])?["revision"] as? String, "HEAD~1")
    XCTAssertEqual((doc["base"] as? [String: Any])?["sha"] as? String, F.metadata.base.sha)
    XCTAssertEqual(doc["inputFingerprint"] as? String, F.metadata.inputFingerprint)
    let changes = try XCTUnwrap(doc["changes"] as? [[String: Any]])
    XCTAssertEqual(changes.count, 7)
    let replace = try XCTUnwrap(changes.first { $0["action"] as? String == "replace" })
    XCTAssertEqual((replace["identity"] as? [String: Any])?["kind"] as? String, "LocalQueue")
    XCTAssertEqual(replace["replacementReasons"] as? [String], ["spec.clusterQueue"])
    XCTAssertEqual(((replace["before"] as? [String: Any])?["spec"] as? [String: Any])?["clusterQueue"] as? String, "a-prod")
    XCTAssertEqual(((replace["after"] as? [String: Any])?["spec"] as? [String: Any])?["clusterQueue"] as? String, "shared-prod")
    let summary = try XCTUnwrap(doc["summary"] as? [String: Int])
    XCTAssertEqual(summary, ["create": 2, "update": 2, "replace": 1, "delete": 2, "retain": 0, "unchanged": 1])
  }

  func testMarkdownHasTheMarkerTableDeletionsAndFoldedDetails() throws {
    let md = MarkdownPlanRenderer(target: "all").render(try sample(), metadata: F.metadata)
    XCTAssertTrue(
      md.hasPrefix("<!-- paved-plan target=\"all\" base=0123456789abcdef0123456789abcdef01234567 head=working-tree fingerprint=sha256:"), md)
    XCTAssertTrue(md.contains("**Plan: 2 to create, 2 to update, 1 to replace, 2 to delete.**"), md)
    XCTAssertTrue(md.contains("| :warning: **delete** | 2 |"), md)
    XCTAssertTrue(md.contains("- `prod` Namespace gone-prod (`prod/cluster/namespace-gone-prod.yaml`)"), md)
    XCTAssertTrue(md.contains("- `prod` LocalQueue a-prod/default: immutable `spec.clusterQueue`"), md)
    let folded: Int = md.components(separatedBy: "<details>").count - 1
    XCTAssertEqual(folded, 5)  // every change but the deletions
    XCTAssertFalse(md.contains("Details cut"), md)
    XCTAssertTrue(md.contains("- spec.clusterQueue: \"a-prod\"\n+ spec.clusterQueue: \"shared-prod\"   # immutable: forces replacement"), md)
    XCTAssertTrue(md.contains("! data.password: (sensitive value changed)"), md)
  }

  func testAMarkdownPlanOfTenThousandTenantsStaysWithinBudgetAndKeepsEveryDeletion() throws {
    var base: [Artifact] = []
    var head: [Artifact] = []
    for i in 0..<10_000 {
      let ns = String(format: "team-%05d-prod", i)
      base += [F.namespace(ns), F.quota(ns, cpu: "8"), F.localQueue(ns, clusterQueue: ns)]
      if i % 500 == 7 { continue }  // 20 tenants removed: 60 deletions
      head += [F.namespace(ns), F.quota(ns, cpu: "\(9 + i % 5)"), F.localQueue(ns, clusterQueue: i % 1000 == 3 ? "shared" : ns)]
    }
    let plan = Planner().diff(base: try F.set(base), head: try F.set(head))
    XCTAssertEqual(plan.count(.delete), 60)
    XCTAssertEqual(plan.count(.update), 9_980)
    XCTAssertEqual(plan.count(.replace), 10)
    let md = MarkdownPlanRenderer().render(plan, metadata: F.metadata)
    XCTAssertLessThanOrEqual(md.utf8.count, 60_000)
    XCTAssertGreaterThan(md.utf8.count, 50_000, "the budget is used, not wasted")
    XCTAssertTrue(md.contains("**Plan: 0 to create, 9980 to update, 10 to replace, 60 to delete.**"))
    for change in plan.changes(.delete) {
      XCTAssertTrue(md.contains("(`\(change.path)`)"), "deletion \(change.path) missing")
    }
    for change in plan.changes(.replace) { XCTAssertTrue(md.contains("`prod` \(change.shortName): immutable"), change.shortName) }
    XCTAssertTrue(md.contains("**Details cut:**"), "says the details were cut")
    XCTAssertTrue(md.contains(" of 9990 changes are not shown"))
    // Same input, same bytes.
    XCTAssertEqual(md, MarkdownPlanRenderer().render(plan, metadata: F.metadata))
  }

  func testThousandsOfDeletionsAreGroupedToFit() throws {
    var base: [Artifact] = []
    for i in 0..<3_000 { base += [F.namespace(String(format: "team-%05d-prod", i))] }
    let plan = Planner().diff(base: try F.set(base), head: try F.set([]))
    let md = MarkdownPlanRenderer().render(plan, metadata: F.metadata)
    XCTAssertLessThanOrEqual(md.utf8.count, 60_000)
    XCTAssertTrue(md.contains("grouped by environment and kind"), md)
    for i in 0..<3_000 { XCTAssertTrue(md.contains(String(format: "team-%05d-prod", i))) }
  }
}

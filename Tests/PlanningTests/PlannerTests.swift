import Artifacts
import Foundation
import Planning
import XCTest

final class PlannerTests: XCTestCase {
  typealias F = PlanFixtures

  func testCreateUpdateDeleteAreKeyedByIdentityAndSorted() throws {
    let base = try F.set([F.namespace("a-prod"), F.namespace("b-prod"), F.quota("a-prod", cpu: "8")])
    let head = try F.set([F.namespace("a-prod"), F.namespace("c-prod"), F.quota("a-prod", cpu: "16")])
    let plan = Planner().diff(base: base, head: head)
    XCTAssertEqual(plan.changes.map(\.action), [.delete, .create, .update])
    XCTAssertEqual(plan.changes.map { $0.identity?.name }, ["b-prod", "c-prod", "tenant-quota"])
    XCTAssertEqual(plan.unchangedCount, 1)
    XCTAssertEqual(plan.summaryLine, "Plan: 1 to create, 1 to update, 0 to replace, 1 to delete.")
    let update = try XCTUnwrap(plan.changes.last)
    XCTAssertEqual(update.fields.map(\.path.description), [#"spec.hard["requests.cpu"]"#])
    XCTAssertEqual(update.fields.first?.before, .string("8"))
    XCTAssertEqual(update.fields.first?.after, .string("16"))
  }

  func testNoChangesWhenIdentical() throws {
    let set = try F.set([F.namespace("a-prod"), F.quota("a-prod", cpu: "8")])
    let plan = Planner().diff(base: set, head: set)
    XCTAssertTrue(plan.isEmpty)
    XCTAssertEqual(plan.unchangedCount, 2)
  }

  func testNoBaseMeansEverythingIsCreated() throws {
    let head = try F.set([F.namespace("a-prod"), F.quota("a-prod", cpu: "8")])
    let plan = Planner().diff(base: nil, head: head)
    XCTAssertEqual(plan.changes.map(\.action), [.create, .create])
    XCTAssertNotNil(plan.changes[0].after)
    XCTAssertNil(plan.changes[0].before)
  }

  func testImmutableFieldChangeIsAReplacement() throws {
    let base = try F.set([F.localQueue("a-prod", clusterQueue: "a-prod")])
    let head = try F.set([F.localQueue("a-prod", clusterQueue: "shared-prod")])
    let change = try XCTUnwrap(Planner().diff(base: base, head: head).changes.first)
    XCTAssertEqual(change.action, .replace)
    XCTAssertEqual(change.replacementReasons.map(\.description), ["spec.clusterQueue"])
    XCTAssertTrue(TextPlanRenderer.fieldLine(change.fields[0]).contains("forces replacement"))
    // The same kind of change on a mutable field is an update.
    let q1 = try F.set([F.quota("a-prod", cpu: "1")])
    let q2 = try F.set([F.quota("a-prod", cpu: "2")])
    XCTAssertEqual(Planner().diff(base: q1, head: q2).changes.first?.action, .update)
  }

  func testAMovedFileIsAnUpdateWithItsPreviousPath() throws {
    var moved = F.namespace("a-prod")
    moved.path = "prod/cluster/ns-a-prod.yaml"
    let plan = Planner().diff(base: try F.set([F.namespace("a-prod")]), head: try F.set([moved]))
    XCTAssertEqual(plan.changes.count, 1)
    XCTAssertEqual(plan.changes[0].action, .update)
    XCTAssertEqual(plan.changes[0].previousPath, "prod/cluster/namespace-a-prod.yaml")
    XCTAssertTrue(plan.changes[0].fields.isEmpty)
  }

  func testTheSameIdentityInTwoEnvironmentsIsTwoObjects() throws {
    // PriorityClasses and flavors are cluster-scoped and repeated per environment (per cluster).
    let base = try F.set([F.namespace("shared", scope: "dev"), F.namespace("shared", scope: "prod")])
    let head = try F.set([F.namespace("shared", scope: "dev")])
    let plan = Planner().diff(base: base, head: head)
    XCTAssertEqual(plan.changes.map(\.action), [.delete])
    XCTAssertEqual(plan.changes[0].scope, "prod")
  }

  func testListsOfNamedMapsAreMatchedByNameAndOtherListsBySubsequence() throws {
    let base = try F.set([F.deployment("a-prod", containers: [("app", "img:1"), ("sidecar", "proxy:1")])])
    let head = try F.set([F.deployment("a-prod", containers: [("init", "busybox"), ("app", "img:2"), ("sidecar", "proxy:1")])])
    let change = try XCTUnwrap(Planner().diff(base: base, head: head).changes.first)
    XCTAssertEqual(
      change.fields.map { "\($0.kind.rawValue) \($0.path)" },
      [
        "added spec.template.spec.containers[0]",
        "changed spec.template.spec.containers[1].image",
        "added spec.template.spec.args[0]",
      ])
  }

  private func listing(_ resources: [String]) -> Artifact {
    .manifest(
      path: "prod/kustomization.yaml",
      object: .object([
        "apiVersion": .string("kustomize.config.k8s.io/v1beta1"), "kind": .string("Kustomization"), "resources": .list(resources.map(KValue.string)),
      ]),
      origin: nil)
  }

  private func listChanges(_ old: [String], _ new: [String]) throws -> [String] {
    let change = try XCTUnwrap(Planner().diff(base: try ArtifactSet([listing(old)]), head: try ArtifactSet([listing(new)])).changes.first)
    return change.fields.map { "\($0.kind.rawValue) \($0.path) \($0.before?.string ?? $0.after?.string ?? "")" }
  }

  func testAnInsertionBetweenACommonHeadAndTailIsOneAddition() throws {
    XCTAssertEqual(try listChanges(["a", "b", "c", "d"], ["a", "b", "x", "c", "d"]), ["added resources[2] x"])
    XCTAssertEqual(try listChanges(["a", "b", "c", "d", "e"], ["a", "c", "e"]), ["removed resources[1] b", "removed resources[3] d"])
  }

  func testALongListOfDistinctNamesReportsOnlyWhatWasAddedAndRemoved() throws {
    // 60,000 entries (far over the subsequence table's limit), as a kustomization of a big platform.
    func file(_ n: Int) -> String {
      "tenants/team-" + String(String(n).reversed()).padding(toLength: 6, withPad: "0", startingAt: 0).reversed() + "/a.yaml"
    }
    let old = (0..<60_000).map { file($0 * 2) }
    var new = old.filter { !$0.hasSuffix("00/a.yaml") || $0 < file(2_000) }
    new += (0..<30).map { file($0 * 4_002 + 1) }  // odd: none of them was there
    new.sort()
    let removed = old.count - (new.count - 30)
    let changes = try listChanges(old, new)
    XCTAssertEqual(changes.filter { $0.hasPrefix("added") }.count, 30)
    XCTAssertEqual(changes.filter { $0.hasPrefix("removed") }.count, removed)
    XCTAssertGreaterThan(removed, 500)
    // Indices are where the entry is (added: in the new list; removed: in the old one).
    let added = try XCTUnwrap(new.firstIndex(of: file(4_003)))
    XCTAssertTrue(changes.contains("added resources[\(added)] \(file(4_003))"), "\(changes.prefix(3))")
    let gone = try XCTUnwrap(old.firstIndex(of: file(2_000)))
    XCTAssertTrue(changes.contains("removed resources[\(gone)] \(file(2_000))"))
  }

  func testLabelAddedAndRemoved() throws {
    let base = try F.set([F.namespace("a-prod", labels: ["old": "1", "keep": "k"])])
    let head = try F.set([F.namespace("a-prod", labels: ["keep": "k", "new": "2"])])
    let fields = try XCTUnwrap(Planner().diff(base: base, head: head).changes.first).fields
    XCTAssertEqual(fields.map { "\($0.kind.rawValue) \($0.path)" }, ["added metadata.labels.new", "removed metadata.labels.old"])
  }

  func testFilesWithoutAnObjectAreKeyedByPath() throws {
    let base = try F.set([Artifact(path: "prod/README", contents: Array("a".utf8))])
    let head = try F.set([Artifact(path: "prod/README", contents: Array("b".utf8)), Artifact(path: "prod/NOTES", contents: [])])
    let plan = Planner().diff(base: base, head: head)
    XCTAssertEqual(plan.changes.map(\.action), [.create, .update])
    XCTAssertEqual(plan.changes.map(\.path), ["prod/NOTES", "prod/README"])
    XCTAssertTrue(plan.changes[1].contentsChanged)
  }

  func testPlanIsIndependentOfInputOrder() throws {
    let items = (0..<50).map { F.quota("t\($0)-prod", cpu: "\($0)") } + (0..<50).map { F.namespace("t\($0)-prod") }
    let changed = (0..<50).map { F.quota("t\($0)-prod", cpu: "\($0 % 7)") } + (10..<60).map { F.namespace("t\($0)-prod") }
    let a = Planner().diff(base: try F.set(items), head: try F.set(changed))
    let b = Planner().diff(base: try F.set(items.shuffled()), head: try F.set(changed.shuffled()))
    XCTAssertEqual(JSONPlanRenderer.render(a, metadata: F.metadata), JSONPlanRenderer.render(b, metadata: F.metadata))
    XCTAssertEqual(TextPlanRenderer.render(a, metadata: F.metadata), TextPlanRenderer.render(b, metadata: F.metadata))
  }
}

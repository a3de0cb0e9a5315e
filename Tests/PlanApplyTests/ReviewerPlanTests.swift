import Driver
import Foundation
import Planning
import XCTest

/// Plans written for the reviewer: created objects whole, the spec line behind each change, and a
/// head that says whether it is a commit.
final class ReviewerPlanTests: XCTestCase {
  func testCreatedObjectsShowWholeAndEveryChangeNamesItsSpecLine() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    try repo.writePlatform([("alpha", "16"), ("beta-with-a-long-name", "8")])
    let outcome = try PlanRun.run(PlanRun.Request(root: repo.root, base: "HEAD"))
    let plan = try XCTUnwrap(outcome.plan, "\(outcome.diagnostics.all)")
    // A new tenant's RoleBinding, whole: every subject, not a line cut at 200 characters.
    let markdown = MarkdownPlanRenderer().render(plan, metadata: outcome.metadata)
    XCTAssertTrue(markdown.contains("+   - apiGroup: rbac.authorization.k8s.io"), markdown)
    XCTAssertTrue(markdown.contains("+     name: beta-with-a-long-name"), "the subject's name")
    // Each change names the spec fields it comes from, with their lines, in all three formats.
    let quota = try XCTUnwrap(plan.changes.first { $0.identity?.kind == "ResourceQuota" && $0.action == .update })
    let lines = (repo.read("platform.yaml") ?? "").split(separator: "\n", omittingEmptySubsequences: false)
    let cpuLine = try XCTUnwrap(lines.firstIndex { $0.contains("cpu: \"16\"") }) + 1
    XCTAssertEqual(quota.causes.map(\.description), ["platform.yaml:\(cpuLine) spec.tenants[0].quota.cpu"])
    let because = "because platform.yaml:\(cpuLine) spec.tenants[0].quota.cpu"
    XCTAssertTrue(TextPlanRenderer.render(plan, metadata: outcome.metadata).contains(because))
    XCTAssertTrue(markdown.contains("because <code>platform.yaml:\(cpuLine) spec.tenants[0].quota.cpu</code>"))
    let json = JSONPlanRenderer.render(plan, metadata: outcome.metadata)
    XCTAssertTrue(json.contains(#"{"location":"platform.yaml:\#(cpuLine):"#), String(json.prefix(2000)))
    XCTAssertTrue(json.contains(#""path":"spec.tenants[0].quota.cpu","change":"changed"}"#), String(json.prefix(2000)))
    // A new tenant's objects come from its whole entry; the object's origin is still its name.
    let created = try XCTUnwrap(plan.changes.first { $0.action == .create && $0.path.contains("beta-with-a-long-name") })
    XCTAssertEqual(created.causes.map(\.kind), [.added])
    XCTAssertEqual(created.causes.first?.path, "spec.tenants[1]")
    let origin = try XCTUnwrap(created.origin?.start)
    XCTAssertTrue(lines[origin.line - 1].contains("name: beta-with-a-long-name"))
  }

  func testRemovalsAndPlatformSettingsAreNamedToo() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    try repo.commit("two tenants")
    let betaLine =
      try XCTUnwrap(
        (repo.read("platform.yaml") ?? "").split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("- name: beta") }) + 1
    // beta removed; a setting every tenant's alerts read changes.
    try repo.writePlatform([("alpha", "8")])
    let text = (repo.read("platform.yaml") ?? "").replacingOccurrences(
      of: "  tenants:\n", with: "  observability: { quotaUsagePercent: 75 }\n  tenants:\n")
    try repo.write("platform.yaml", text)
    let outcome = try PlanRun.run(PlanRun.Request(root: repo.root, base: "HEAD"))
    let plan = try XCTUnwrap(outcome.plan, "\(outcome.diagnostics.all)")
    let deleted = try XCTUnwrap(plan.changes.first { $0.action == .delete && $0.path.contains("tenants/beta/") })
    XCTAssertEqual(
      deleted.causes.map(\.description).first?.hasSuffix(":platform.yaml:\(betaLine) spec.tenants[1] (removed)"), true, "\(deleted.causes)")
    let alert = try XCTUnwrap(plan.changes.first { $0.action == .update && $0.path == "prod/tenants/alpha/prometheusrule-queue.yaml" })
    XCTAssertEqual(alert.causes.map(\.path), ["spec.observability.quotaUsagePercent"])
    XCTAssertEqual(alert.causes.first?.kind, .added)
  }

  func testTheHeadIsHEADsCommitWhenTheTreeIsClean() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    try repo.writePlatform([("alpha", "16")])
    let sha = try repo.commit("alpha grows")
    let clean = try PlanRun.run(PlanRun.Request(root: repo.root, base: "HEAD~1"))
    XCTAssertEqual(clean.metadata.head.sha, sha)
    XCTAssertEqual(clean.metadata.head.label, "\(sha.prefix(7)) (HEAD)")
    try repo.writePlatform([("alpha", "24")])
    let dirty = try PlanRun.run(PlanRun.Request(root: repo.root, base: "HEAD"))
    XCTAssertNil(dirty.metadata.head.sha)
    XCTAssertEqual(dirty.metadata.head.label, "working tree (uncommitted changes)")
  }
}

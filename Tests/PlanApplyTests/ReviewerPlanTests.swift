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
    // Each change says which line of the spec it comes from, in all three formats.
    let quota = try XCTUnwrap(plan.changes.first { $0.identity?.kind == "ResourceQuota" && $0.action == .update })
    let origin = try XCTUnwrap(quota.origin?.start)
    XCTAssertEqual(origin.file, "platform.yaml")
    XCTAssertEqual(repo.read("platform.yaml")?.split(separator: "\n", omittingEmptySubsequences: false)[origin.line - 1].contains("name: alpha"), true)
    XCTAssertTrue(TextPlanRenderer.render(plan, metadata: outcome.metadata).contains("because platform.yaml:\(origin.line):"))
    XCTAssertTrue(markdown.contains("because <code>platform.yaml:\(origin.line):"))
    let json = JSONPlanRenderer.render(plan, metadata: outcome.metadata)
    XCTAssertTrue(json.contains("\"origin\": \"platform.yaml:\(origin.line):"), String(json.prefix(2000)))
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

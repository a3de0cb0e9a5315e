import Driver
import Foundation
import TestSupport
import VirtualFileSystem
import XCTest

/// A plan of an unchanged tree reports no changes: nothing rendered may depend on the revision, the
/// checkout path or the display name its input was read from (the base side reads
/// `<sha>:policies/…`, the head `policies/…`).
final class UnchangedPlanTests: XCTestCase {
  static let examples = [".", "examples/small-team", "examples/multi-tenant-gpu", "examples/flux"]

  /// A repository holding `example`'s platform, its environments and the bundled policies, committed.
  private func repository(_ example: String) throws -> PlatformRepo {
    let repo = try makeRepo()
    let source = RepoPaths.packageRoot.appendingPathComponent(example)
    let files = FileManager.default
    try repo.write("platform.yaml", String(contentsOf: source.appendingPathComponent("platform.yaml"), encoding: .utf8))
    for name in try files.contentsOfDirectory(atPath: source.appendingPathComponent("environments").path) {
      try repo.write("environments/" + name, String(contentsOf: source.appendingPathComponent("environments/" + name), encoding: .utf8))
    }
    let keys = source.appendingPathComponent("keys")
    for name in (try? files.contentsOfDirectory(atPath: keys.path)) ?? [] {
      try repo.write("keys/" + name, String(contentsOf: keys.appendingPathComponent(name), encoding: .utf8))
    }
    let policies = RepoPaths.packageRoot.appendingPathComponent("policies")
    for name in try files.contentsOfDirectory(atPath: policies.path) where name.hasSuffix(".yaml") {
      try repo.write("policies/" + name, String(contentsOf: policies.appendingPathComponent(name), encoding: .utf8))
    }
    try repo.commit("platform \(example)")
    return repo
  }

  func testAnUnchangedTreePlansNoChangesForEveryExampleWithPolicies() throws {
    for example in Self.examples {
      let repo = try repository(example)
      defer { repo.remove() }
      let outcome = try PlanRun.run(PlanRun.Request(root: repo.root, base: "HEAD"))
      XCTAssertFalse(outcome.diagnostics.hasErrors, "\(example): \(outcome.diagnostics.all.map(\.summary))")
      let plan = try XCTUnwrap(outcome.plan, example)
      XCTAssertTrue(
        plan.isEmpty, "\(example): \(plan.summaryLine) \(plan.changes.prefix(3).map { "\($0.path) \($0.fields.map(\.path.description))" })")
      // The policies are rendered on both sides (and compared): the tree is planned with them.
      let compiled = try Compilation.compile(LocalFileSystem(root: repo.root, displayName: ""), CompileRequest())
      XCTAssertTrue(
        compiled.artifacts?.artifacts.contains { $0.identity?.kind == "ValidatingAdmissionPolicy" } ?? false, "\(example): policies render")
    }
  }

  func testTheCLISaysNoChangesAndExitsZero() throws {
    guard let binary = RepoPaths.pavedBinary else { throw missingTool("paved binary not built") }
    let repo = try repository(".")
    defer { repo.remove() }
    let result = try Subprocess.run([binary, "plan", "--base", "HEAD", "--detailed-exitcode"], cwd: repo.root, environment: repo.environment)
    XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    XCTAssertTrue(result.stdout.hasPrefix("No changes"), result.stdout)
  }
}

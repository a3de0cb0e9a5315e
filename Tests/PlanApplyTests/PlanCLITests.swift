import Foundation
import TestSupport
import XCTest

/// The built binary: `paved plan` and `paved apply` exit codes and formats.
final class PlanCLITests: XCTestCase {
  private func paved(_ repo: PlatformRepo, _ args: String...) throws -> Subprocess.Result {
    try Subprocess.run([try XCTUnwrap(RepoPaths.pavedBinary)] + args, cwd: repo.root, environment: repo.environment)
  }

  override func setUpWithError() throws {
    guard RepoPaths.pavedBinary != nil else { throw missingTool("paved binary not built") }
  }

  func testPlanExitCodes() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    let none = try paved(repo, "plan", "--base", "HEAD", "--detailed-exitcode")
    XCTAssertEqual(none.status, 0, none.stderr)
    XCTAssertTrue(none.stdout.hasPrefix("No changes"), none.stdout)
    try repo.writePlatform([("alpha", "9")])
    XCTAssertEqual(try paved(repo, "plan", "--base", "HEAD").status, 0)
    let changed = try paved(repo, "plan", "--base", "HEAD", "--detailed-exitcode")
    XCTAssertEqual(changed.status, 2, changed.stderr)
    XCTAssertTrue(changed.stdout.hasPrefix("Plan: 0 to create, 4 to update, 0 to replace, 0 to delete."), changed.stdout)
    let bad = try paved(repo, "plan", "--base", "no-such-rev", "--detailed-exitcode")
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("error[git.unknown-revision]"), bad.stderr)
    XCTAssertEqual(bad.stdout, "")
    XCTAssertEqual(try paved(repo, "plan").status, 64, "--base is required")
  }

  func testPlanFormats() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    let json = try paved(repo, "plan", "--base", "HEAD", "--format", "json")
    XCTAssertEqual(json.status, 0, json.stderr)
    let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(doc["formatVersion"] as? Int, 1)
    XCTAssertEqual((doc["base"] as? [String: Any])?["hasPlatform"] as? Bool, false)
    XCTAssertEqual((doc["changes"] as? [Any])?.count, 52)
    let md = try paved(repo, "plan", "--base", "HEAD", "--format", "markdown", "--env", "prod")
    XCTAssertTrue(md.stdout.hasPrefix("<!-- paved-plan target=\"prod\" "), md.stdout)
    // Errors in JSON mode are a JSON document too.
    let err = try paved(repo, "plan", "--base", "nope", "--format", "json")
    XCTAssertEqual(err.status, 1)
    let errDoc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(err.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(errDoc["formatVersion"] as? Int, 1)
    XCTAssertEqual(errDoc["ok"] as? Bool, false)
  }

  func testApplyAndDriftThroughTheCLI() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    try repo.commit("two")
    XCTAssertEqual(try paved(repo, "apply").status, 0)
    try repo.writePlatform([("alpha", "8")])
    let refused = try paved(repo, "apply")
    XCTAssertEqual(refused.status, 1)
    XCTAssertTrue(refused.stderr.contains("error[apply.too-many-deletions]"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("would delete deploy/prod/cluster/namespace-beta-prod.yaml"), refused.stderr)
    let drift = try paved(repo, "plan", "--drift", "--detailed-exitcode")
    XCTAssertEqual(drift.status, 2, drift.stderr)
    XCTAssertTrue(drift.stdout.contains("Drift: none"), drift.stdout)
    XCTAssertTrue(drift.stdout.contains("2 to retain (left in the cluster)."), drift.stdout)  // beta's Namespaces
    // The same as JSON: one document, the plan of what is unapplied inside it.
    let json = try paved(repo, "plan", "--drift", "--format", "json")
    let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stdout)
    XCTAssertEqual(document["formatVersion"] as? Int, 1)
    XCTAssertEqual(document["mode"] as? String, "drift")
    XCTAssertEqual((document["drift"] as? [Any])?.count, 0)
    let unapplied = try XCTUnwrap(document["unapplied"] as? [String: Any])
    XCTAssertEqual((unapplied["summary"] as? [String: Any])?["retain"] as? Int, 2)
    XCTAssertEqual(try paved(repo, "apply", "--allow-deletions").status, 0)
    XCTAssertEqual(try paved(repo, "plan", "--drift", "--detailed-exitcode").status, 0)
    // Uncommitted input is not committed to the deploy branch unless asked for.
    let dirty = try paved(repo, "apply", "--commit-to", "deploy")
    XCTAssertEqual(dirty.status, 1)
    XCTAssertTrue(dirty.stderr.contains("error[apply.dirty-source]"), dirty.stderr)
    try repo.commit("alpha only")
    let committed = try paved(repo, "apply", "--commit-to", "deploy", "--message", "deploy it")
    XCTAssertEqual(committed.status, 0, committed.stderr)
    XCTAssertTrue(committed.stdout.contains("(new branch)"), committed.stdout)
    XCTAssertEqual(try paved(repo, "plan", "--drift", "--against", "refs/heads/deploy", "--detailed-exitcode").status, 0)
    // `deploy` is also the output directory here: a name that is both is refused, not guessed.
    let ambiguous = try paved(repo, "plan", "--drift", "--against", "deploy")
    XCTAssertEqual(ambiguous.status, 1)
    XCTAssertTrue(ambiguous.stderr.contains("error[plan.ambiguous-against]"), ambiguous.stderr)
  }

  func testTwoConcurrentAppliesOneWinsTheOtherFailsCleanly() throws {
    let repo = try makeRepo()
    try repo.writePlatform((0..<150).map { (String(format: "team-%03d", $0), "8") })
    let binary = try XCTUnwrap(RepoPaths.pavedBinary)
    var sawLock = false
    for _ in 0..<4 where !sawLock {
      try? FileManager.default.removeItem(atPath: repo.path("deploy"))
      let processes = (0..<2).map { _ -> (Process, Pipe) in
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["apply"]
        p.currentDirectoryURL = URL(fileURLWithPath: repo.root)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        return (p, err)
      }
      for (p, _) in processes { try p.run() }
      var results: [(Int32, String)] = []
      for (p, err) in processes {
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        results.append((p.terminationStatus, text))
      }
      XCTAssertTrue(results.contains { $0.0 == 0 }, "one apply wins: \(results)")
      for (status, stderr) in results where status != 0 {
        XCTAssertEqual(status, 1)
        XCTAssertTrue(stderr.contains("error[apply.locked]") && stderr.contains("another paved process is writing this output"), stderr)
        sawLock = true
      }
      // Whatever the interleaving, the tree is complete and consistent: no drift, nothing to apply.
      let check = try paved(repo, "plan", "--drift", "--detailed-exitcode")
      XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }
    if !sawLock { print("note: the two applies never overlapped in 4 tries (lock contention is covered by ApplyRunTests)") }
  }
}

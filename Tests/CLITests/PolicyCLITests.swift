import Foundation
import TestSupport
import XCTest

/// `paved check`, `paved policy test` and `paved cel eval` as a user runs them.
final class PolicyCLITests: XCTestCase {
  var work: URL!

  override func setUpWithError() throws {
    guard RepoPaths.pavedBinary != nil else { throw missingTool("paved binary not built") }
    work = RepoPaths.temporaryDirectory("paved-policy-cli")
    let fm = FileManager.default
    for item in ["platform.yaml", "environments", "policies", "keys"] {
      try fm.copyItem(at: RepoPaths.packageRoot.appendingPathComponent(item), to: work.appendingPathComponent(item))
    }
  }

  override func tearDown() { if let work { try? FileManager.default.removeItem(at: work) } }

  private func paved(_ args: [String]) throws -> Subprocess.Result {
    try Subprocess.run([RepoPaths.pavedBinary ?? "paved"] + args, cwd: work.path)
  }

  func testCheckPassesThenFailsWithTheSpecLine() throws {
    let ok = try paved(["check", "--today", "2026-12-01"])
    XCTAssertEqual(ok.status, 0, ok.stderr)
    XCTAssertTrue(ok.stdout.contains("ok: 6 policies passed"), ok.stdout)
    let url = work.appendingPathComponent("platform.yaml")
    let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "buckets: [s3://models/]", with: "buckets: [s3://approved/]")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let bad = try paved(["check", "--today", "2026-12-01"])
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("error[policy/allowed-model-buckets]: model storage must be under s3://approved/"), bad.stderr)
    XCTAssertTrue(bad.stderr.contains("--> environments/prod.yaml:14:5"), bad.stderr)
    let json = try paved(["check", "--format", "json", "--today", "2026-12-01"])
    XCTAssertEqual(json.status, 1)
    let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(doc["formatVersion"] as? Int, 1)
    XCTAssertEqual(doc["ok"] as? Bool, false)
    let github = try paved(["check", "--format", "github", "--today", "2026-12-01"])
    XCTAssertTrue(github.stdout.contains("::error file=environments/prod.yaml,line=14,col=5"), github.stdout)
  }

  func testPolicyTestPassesAndFailsOnABrokenPolicy() throws {
    let ok = try paved(["policy", "test"])
    XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
    XCTAssertTrue(ok.stdout.contains("policy tests: 15 passed, 0 failed"), ok.stdout)
    let url = work.appendingPathComponent("policies/tenants-have-owners.yaml")
    let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "t.owners.size() >= 1", with: "t.owners.size() >=")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let bad = try paved(["policy", "test", "policies"])
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("error[policy.cel-syntax]"), bad.stderr)
    XCTAssertTrue(bad.stderr.contains("--> policies/tenants-have-owners.yaml:11:62"), bad.stderr)
  }

  func testCELEvalPrintsJSON() throws {
    try "tenants: [{ name: a, owners: [] }]\n".write(to: work.appendingPathComponent("in.yaml"), atomically: true, encoding: .utf8)
    let r = try paved(["cel", "eval", "tenants.filter(t, t.owners.size() == 0).map(t, t.name)", "--input", "in.yaml"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "[\n  \"a\"\n]\n")
    let bad = try paved(["cel", "eval", "1 +"])
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("<expression>:1:4"), bad.stderr)
  }
}

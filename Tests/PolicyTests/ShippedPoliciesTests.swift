import Diagnostics
import Driver
import Policy
import SpecAST
import TestSupport
import VirtualFileSystem
import XCTest

/// The policies in the repository's policies/: each has passing and failing cases, all of which hold,
/// and the bundled platform passes `paved check`.
final class ShippedPoliciesTests: XCTestCase {
  let root = RepoPaths.packageRoot.path

  func testEveryShippedPolicyHasPassingAndFailingCasesThatHold() throws {
    let result = try PolicyTestRunner.run(LocalFileSystem(root: root), directory: "policies", today: day)
    XCTAssertEqual(result.diagnostics.all.map(\.summary), [])
    XCTAssertEqual(result.policyCount, 6)
    for c in result.cases { XCTAssertTrue(c.passed, "\(c.policy)/\(c.name): \(c.detail)") }
    for policy in Set(result.cases.map(\.policy)) {
      let files = result.cases.filter { $0.policy == policy }.map(\.file)
      var expectations: Set<String> = []
      for file in files {
        let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        if text.contains("result: pass") { expectations.insert("pass") }
        if text.contains("result: fail") { expectations.insert("fail") }
      }
      XCTAssertEqual(expectations, ["pass", "fail"], "\(policy) needs a passing and a failing case")
    }
  }

  func testTheBundledPlatformPassesCheck() throws {
    let result = try PolicyCheck.run(LocalFileSystem(root: root), CompileRequest(), today: day)
    XCTAssertEqual(result.diagnostics.all.map(\.summary), [])
    XCTAssertEqual(result.report.outcomes.count, 6)
    XCTAssertGreaterThan(result.report.outcomes.first { $0.policy == "allowed-model-buckets" }?.subjects ?? 0, 0, "InferenceServices are checked")
  }

  /// A spec change that breaks a shipped policy fails check with the spec line.
  func testABucketOutsideTheAllowedListFailsAtTheEnvironmentLine() throws {
    var files: [String: String] = [:]
    for name in [
      "platform.yaml", "environments/dev.yaml", "environments/staging.yaml", "environments/prod.yaml", "policies/allowed-model-buckets.yaml",
      "keys/ml-release.pub.pem",
    ] {
      files[name] = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
    }
    files["environments/prod.yaml"] = files["environments/prod.yaml"]?.replacingOccurrences(
      of: "artifact: s3://models/ranker/1.4.2", with: "artifact: s3://elsewhere/ranker/1.4.2")
    let result = try PolicyCheck.run(InMemoryFileSystem(text: files), CompileRequest(), today: day)
    XCTAssertEqual(result.report.violations.count, 1)
    let d = try XCTUnwrap(result.report.violations.first?.diagnostic)
    XCTAssertEqual(d.range?.start.file, "environments/prod.yaml")
    XCTAssertEqual(d.range?.start.line, 14)
    XCTAssertTrue(d.summary.contains("got s3://elsewhere/ranker/1.4.2"), d.summary)
    XCTAssertTrue(result.diagnostics.hasErrors)
  }

  /// `paved policy test` never passes a broken policy, a mismatch, or a policy without cases.
  func testPolicyTestFailsOnBrokenPolicyMismatchAndMissingCases() throws {
    let good = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: platform.n < 3\n", name: "small")
    let broken = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: platform.n <\n", name: "broken")
    let lonely = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: \"true\"\n", name: "lonely")
    let test = { (name: String, n: Int, expect: String) in
      "apiVersion: paved.dev/v1alpha1\nkind: PolicyTest\nmetadata: { name: \(name) }\nspec:\n  platform: { n: \(n) }\n  expect: { result: \(expect) }\n"
    }
    let fs = InMemoryFileSystem(text: [
      "p/small.yaml": good, "p/broken.yaml": broken, "p/lonely.yaml": lonely,
      "p/tests/small/ok.yaml": test("ok", 1, "pass"), "p/tests/small/wrong.yaml": test("wrong", 5, "pass"),
      "p/tests/broken/any.yaml": test("any", 1, "pass"),
    ])
    let result = try PolicyTestRunner.run(fs, directory: "p", today: day)
    XCTAssertFalse(result.ok)
    XCTAssertEqual(result.diagnostics.all.map(\.code.rawValue).sorted(), ["policy.cel-syntax", "policy.tests-for-unknown-policy"])
    let outcome = Dictionary(result.cases.map { ("\($0.policy)/\($0.name)", $0.passed) }, uniquingKeysWith: { a, _ in a })
    XCTAssertEqual(outcome, ["small/ok": true, "small/wrong": false, "lonely/(none)": false])
  }

  /// Every example, checked against the repository's policies: what they find is exactly what is there.
  func testTheShippedPoliciesOnEveryExample() throws {
    let expected: [String: [String]] = [
      "small-team": ["prod models whose contract does not require a signature (security.signed): detector"],
      "multi-tenant-gpu": [], "flux": [],
    ]
    for (example, messages) in expected {
      var files = try Self.tree(root + "/examples/" + example)
      for (name, text) in try Self.tree(root + "/policies") where !name.contains("/") { files["policies/" + name] = text }
      let result = try PolicyCheck.run(InMemoryFileSystem(text: files), CompileRequest(), today: day)
      XCTAssertNotNil(result.compile.platform, example)
      XCTAssertEqual(result.report.outcomes.count, 6, example)
      XCTAssertEqual(result.report.violations.map(\.message), messages, example)
      XCTAssertEqual(
        result.diagnostics.all.filter { $0.severity == .error }.count, messages.count, "\(example): \(result.diagnostics.all.map(\.summary))")
    }
  }

  /// The text files under `dir`, by relative path.
  static func tree(_ dir: String) throws -> [String: String] {
    var out: [String: String] = [:]
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: dir) else { return out }
    // The YAML files, and the trusted signers' PEM files the contracts name.
    for case let path as String in walker where path.hasSuffix(".yaml") || path.hasSuffix(".pem") {
      out[path] = try String(contentsOfFile: dir + "/" + path, encoding: .utf8)
    }
    return out
  }
}

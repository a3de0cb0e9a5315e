import Diagnostics
import Driver
import Foundation
import Policy
import TestSupport
import VirtualFileSystem
import XCTest

@testable import CLI

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `paved check` report formats: SARIF against the SARIF 2.1.0 schema, JUnit XML that parses.
final class ReportFormatTests: XCTestCase {
  /// A check with violations, a waived one, an expired exception, an evaluation error and a warning.
  func failingCheck() throws -> CheckResult {
    let root = RepoPaths.packageRoot.path
    var files: [String: String] = [:]
    for name in [
      "platform.yaml", "environments/dev.yaml", "environments/staging.yaml", "environments/prod.yaml", "policies/allowed-model-buckets.yaml",
      "policies/tenants-have-owners.yaml", "keys/ml-release.pub.pem",
    ] {
      files[name] = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
    }
    files["platform.yaml"] = files["platform.yaml"]?.replacingOccurrences(of: "buckets: [s3://models/]", with: "buckets: [\"s3://approved/\"]")
    files["policies/odd <&> names.yaml"] = policyText(
      """
        scope: platform
        severity: warning
        rules:
          - expression: "platform.tenants.size() > 99"
            message: "fewer than 100 tenants & <that> is \\"odd\\""
          - expression: "platform.tenants[7].name == 'x'"
        exceptions:
          - { match: { rules: [rule-1] }, reason: "r", owner: "group:x", expires: 2020-01-01 }

      """, name: "odd")
    return try PolicyCheck.run(InMemoryFileSystem(text: files), CompileRequest(), today: day)
  }

  func testTheFailingCheckHasEveryKindOfFinding() throws {
    let result = try failingCheck()
    let codes = Set(result.diagnostics.all.map(\.code.rawValue))
    XCTAssertEqual(codes, ["policy/allowed-model-buckets", "policy/odd", "policy.exception-expired", "policy.evaluation-error"])
  }

  func testSARIFValidatesAgainstTheSchema() throws {
    // Plus a problem in a binary file, which SARIF locates by byte offset (a region without lines).
    let binary = Diagnostic.error(DiagnosticCode("artifact.gguf.truncated"), "needs 8 bytes", inBinaryFile: "model.gguf", offset: 42)
    let diagnostics = Diagnostics(try failingCheck().diagnostics.all + [binary])
    let sarif = SARIFReport.render(diagnostics, outcomes: try failingCheck().report.outcomes)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    XCTAssertEqual(json["version"] as? String, "2.1.0")
    let run = try XCTUnwrap((json["runs"] as? [[String: Any]])?.first)
    let results = try XCTUnwrap(run["results"] as? [[String: Any]])
    XCTAssertEqual(results.count, diagnostics.all.count)
    let located = try XCTUnwrap(results.first { $0["ruleId"] as? String == "artifact.gguf.truncated" })
    let physical = try XCTUnwrap(((located["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
    XCTAssertEqual((physical["region"] as? [String: Any])?["byteOffset"] as? Int, 42)
    guard let python = RepoPaths.venvPython else { throw missingTool("skipping SARIF schema validation: no .venv (run make venv)") }
    let dir = RepoPaths.temporaryDirectory("sarif")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("check.sarif")
    try sarif.write(to: file, atomically: true, encoding: .utf8)
    let schema = RepoPaths.packageRoot.appendingPathComponent("Tests/PolicyTests/Fixtures/sarif-schema-2.1.0.json").path
    let checker = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("check-jsonschema").path
    let r = try Subprocess.run([checker, "--schemafile", schema, file.path])
    XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    // The validator is not vacuous: a result without a message fails the schema.
    let broken = sarif.replacingOccurrences(of: "\"message\": {", with: "\"messageX\": {")
    XCTAssertNotEqual(broken, sarif)
    try broken.write(to: file, atomically: true, encoding: .utf8)
    XCTAssertNotEqual(try Subprocess.run([checker, "--schemafile", schema, file.path]).status, 0)
  }

  func testJUnitParsesWithOneCasePerPolicy() throws {
    let result = try failingCheck()
    let xml = JUnitReport.render(result.diagnostics, outcomes: result.report.outcomes)
    final class Collector: NSObject, XMLParserDelegate {
      var cases: [String] = []
      var failures: [String] = []
      var current = ""
      func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == "testcase" {
          current = attributes["name"] ?? ""
          cases.append(current)
        }
        if name == "failure" { failures.append(current) }
      }
    }
    let parser = XMLParser(data: Data(xml.utf8))
    let collector = Collector()
    parser.delegate = collector
    XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
    XCTAssertEqual(collector.cases, ["allowed-model-buckets", "odd", "tenants-have-owners"])
    XCTAssertEqual(collector.failures, ["allowed-model-buckets", "odd"])
  }

  func testJUnitTextIsEscapedAndKeepsOnlyWhatXMLCanCarry() throws {
    let text = "a<b & \"c\" 'd'>\u{01}\t\u{FFFE}\u{1F600}"
    let escaped = JUnitReport.escape(text)
    XCTAssertEqual(escaped, "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}\t\u{FFFD}\u{1F600}")
    // An XML parser reads the escaped text back as the original, less what XML 1.0 cannot hold.
    final class Text: NSObject, XMLParserDelegate {
      var value = ""
      func parser(_ parser: XMLParser, foundCharacters string: String) { value += string }
    }
    let parser = XMLParser(data: Data("<t a=\"\(escaped)\">\(escaped)</t>".utf8))
    let collector = Text()
    parser.delegate = collector
    XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    XCTAssertEqual(collector.value, "a<b & \"c\" 'd'>\u{FFFD}\t\u{FFFD}\u{1F600}")
  }

  func testMarkdownSummarisesEveryPolicy() throws {
    let result = try failingCheck()
    let md = MarkdownReport.render(result.diagnostics, outcomes: result.report.outcomes)
    XCTAssertTrue(md.contains("**Failed**"))
    XCTAssertTrue(md.contains("| `tenants-have-owners` | platform | error | 1 | pass |"), md)
    XCTAssertTrue(md.contains("| `allowed-model-buckets` | object | error | 7 | 7 finding(s) |"), md)
  }
}

import CEL
import Diagnostics
import Policy
import SpecSyntax
import XCTest

/// Policy files: strict decoding, and CEL errors located inside the YAML scalar that holds them.
final class PolicyCompilerTests: XCTestCase {
  func testSyntaxErrorInAPlainScalarPointsAtItsColumn() {
    let text = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: platform.tenants.size() = 1\n")
    let (policy, diagnostics) = compilePolicy(text)
    XCTAssertNil(policy)
    XCTAssertEqual(diagnostics.map(\.code), [.celSyntax])
    // Line 9: `    - expression: ` puts the scalar at column 19; 24 characters later comes the `=`.
    XCTAssertEqual(diagnostics.first?.range?.start.description, "policies/p.yaml:9:43")
  }

  func testSyntaxErrorInADoubleQuotedScalarCountsEscapes() {
    let text = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: \"'a\\\"b' == 'x' &&& true\"\n")
    let (_, diagnostics) = compilePolicy(text)
    XCTAssertEqual(diagnostics.map(\.code), [.celSyntax])
    let line = text.split(separator: "\n", omittingEmptySubsequences: false)[8]
    let column = Array(line).firstIndex(of: "&").map { $0 + 1 + 2 } ?? 0  // the third '&'
    XCTAssertEqual(diagnostics.first?.range?.start.line, 9)
    XCTAssertEqual(diagnostics.first?.range?.start.column, column, String(line))
  }

  func testCompileErrorInABlockScalarPointsAtTheLineInside() {
    let text = policyText(
      """
        scope: platform
        severity: error
        rules:
          - expression: |
              platform.tenants.all(t,
                t.owners.sizee() > 0)

      """)
    let (_, diagnostics) = compilePolicy(text)
    XCTAssertEqual(diagnostics.map(\.code), [.celCompile], "\(diagnostics)")
    XCTAssertEqual(diagnostics.first?.range?.start.line, 11)
    XCTAssertEqual(diagnostics.first?.range?.start.column, 19, "10 spaces, `t.owners`, then the `.` of `.sizee()`")
  }

  func testUndeclaredVariableIsAnErrorWithWhatMayBeRead() {
    let text = policyText("  scope: object\n  severity: error\n  match: { kinds: [Pod] }\n  rules:\n    - expression: platform.name == 'x'\n")
    let (policy, diagnostics) = compilePolicy(text)
    XCTAssertNil(policy)
    XCTAssertEqual(diagnostics.map(\.code), [.celCompile])
    XCTAssertTrue(diagnostics[0].notes.contains { $0.message.contains("may read: object, oldObject, variables") }, "\(diagnostics[0].notes)")
  }

  func testUnknownKeysKindsAndBadFieldsAreAllReported() {
    let text = policyText(
      """
        scope: object
        severty: error
        match: { kinds: [Deploymnet] }
        rules:
          - expression: "true"
            mesage: nope
        exceptions:
          - { match: { rules: [nope] }, reason: r, owner: team-a, expires: 2027-02-30 }

      """)
    let (policy, diagnostics) = compilePolicy(text)
    XCTAssertNil(policy)
    let codes = diagnostics.map(\.code.rawValue).sorted()
    // `severty` is one error (the unknown key, suggesting the required `severity`), not two.
    XCTAssertEqual(codes, ["spec.invalid-value", "spec.invalid-value", "spec.unknown-key", "spec.unknown-key"], "\(diagnostics.map(\.summary))")
    let severty = diagnostics.first { $0.summary.contains("'severty'") }
    XCTAssertTrue(severty?.notes.contains { $0.message.contains("severity") } ?? false, "did-you-mean")
  }

  func testUnknownKindHasADidYouMean() {
    let text = policyText("  scope: object\n  severity: warning\n  match: { kinds: [Deploymnet] }\n  rules:\n    - expression: \"true\"\n")
    let (_, diagnostics) = compilePolicy(text)
    XCTAssertEqual(diagnostics.map(\.code), [.unknownKind])
    XCTAssertTrue(diagnostics[0].notes.contains { $0.message.contains("Deployment") })
  }

  func testARegexRE2RejectsIsAnErrorNotAPass() {
    let text = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: \"platform.name.matches('(a)\\\\\\\\1')\"\n")
    let (policy, diagnostics) = compilePolicy(text)
    var all = diagnostics
    if let policy {
      let report = PolicyEngine(today: day).evaluate([policy], on: PolicyInput(platform: ["name": "aa"], objects: []))
      XCTAssertTrue(report.violations.isEmpty)
      all += report.diagnostics
    }
    XCTAssertEqual(all.count, 1, "\(all)")
    XCTAssertTrue([DiagnosticCode.celCompile, .policyEvaluation].contains(all[0].code))
    XCTAssertEqual(all[0].severity, .error)
    XCTAssertTrue(all[0].summary.lowercased().contains("backreference") || all[0].summary.contains("\\1"), all[0].summary)
  }
}

/// Policy files get the spec's hostile-input guards.
final class PolicyFileGuardTests: XCTestCase {
  func testAnchorsTabsAndDuplicatesAreRejected() {
    let anchors = policyText("  scope: &s platform\n  severity: error\n  rules:\n    - expression: \"true\"\n")
    XCTAssertEqual(compilePolicy(anchors).diagnostics.map(\.code), [.anchorOrAlias])
    let duplicate = policyText("  scope: platform\n  scope: object\n  severity: error\n  rules:\n    - expression: \"true\"\n")
    XCTAssertEqual(compilePolicy(duplicate).diagnostics.map(\.code), [.duplicateKey])
    XCTAssertEqual(compilePolicy("spec:\n\t- x\n").diagnostics.map(\.code), [.tabIndentation])
    XCTAssertEqual(compilePolicy("").diagnostics.map(\.code), [.emptyDocument])
  }

  func testADuplicatePolicyNameAcrossFilesIsAnError() {
    var set = PolicySet()
    let text = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: \"true\"\n", name: "same")
    set.load(Array(text.utf8), file: "policies/a.yaml")
    set.load(Array(text.utf8), file: "policies/b.yaml")
    XCTAssertEqual(set.policies.count, 1)
    XCTAssertEqual(set.diagnostics.map(\.code), [.duplicatePolicyName])
    XCTAssertEqual(set.diagnostics.first?.notes.first?.range?.start.file, "policies/a.yaml")
  }
}

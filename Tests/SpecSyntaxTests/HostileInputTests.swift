import Diagnostics
import SpecSyntax
import TestSupport
import XCTest

/// Every hostile or ambiguous YAML input ends in one located diagnostic, never a crash or a hang.
final class HostileInputTests: XCTestCase {
  private func load(_ text: String, limits: LoaderLimits = .default) -> [Diagnostic] {
    YAMLLoader.load(Array(text.utf8), file: "platform.yaml", limits: limits).diagnostics
  }

  private func assertSingle(
    _ diagnostics: [Diagnostic], _ code: DiagnosticCode, line: Int, column: Int,
    file: StaticString = #filePath, lineNumber: UInt = #line
  ) {
    XCTAssertEqual(diagnostics.count, 1, "\(diagnostics.map(\.summary))", file: file, line: lineNumber)
    guard let d = diagnostics.first else { return }
    XCTAssertEqual(d.code, code, d.summary, file: file, line: lineNumber)
    XCTAssertEqual(d.range?.start.file, "platform.yaml", file: file, line: lineNumber)
    XCTAssertEqual(d.range?.start.line, line, "line", file: file, line: lineNumber)
    XCTAssertEqual(d.range?.start.column, column, "column", file: file, line: lineNumber)
    XCTAssertEqual(d.severity, .error, file: file, line: lineNumber)
  }

  func testBillionLaughsIsRejectedAtTheFirstAnchor() {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i in 1..<10 {
      let refs = Array(repeating: "*\(Character(UnicodeScalar(96 + i)!))", count: 9).joined(separator: ",")
      text += "\(Character(UnicodeScalar(97 + i)!)): &\(Character(UnicodeScalar(97 + i)!)) [\(refs)]\n"
    }
    let start = Date()
    let diagnostics = load(text)
    XCTAssertLessThan(Date().timeIntervalSince(start), 5, "must not expand aliases")
    XCTAssertFalse(diagnostics.isEmpty)
    XCTAssertTrue(diagnostics.allSatisfy { $0.code == .anchorOrAlias })
    XCTAssertEqual(diagnostics.first?.range?.start.line, 1)
  }

  func testAnchorAndAliasAreRejected() {
    let m = MarkedText("tenants:\n  - 1️⃣&base\n    name: a\n  - *base\n")
    let diagnostics = load(m.text)
    XCTAssertEqual(diagnostics.first?.code, .anchorOrAlias)
    XCTAssertEqual(diagnostics.first?.range?.start.line, 2)
  }

  func testMergeKeyIsRejected() {
    let diagnostics = load("base: {a: 1}\nother:\n  <<: {a: 2}\n")
    assertSingle(diagnostics, .anchorOrAlias, line: 3, column: 3)
  }

  func testDuplicateKeyPointsAtTheSecondOccurrence() {
    let m = MarkedText("spec:\n  tenants: []\n  environments: [dev]\n  1️⃣tenants: [x]\n")
    let diagnostics = load(m.text)
    assertSingle(diagnostics, .duplicateKey, line: 4, column: 3)
    XCTAssertEqual(diagnostics.first?.notes.first?.range?.start.line, 2, "note points at the first occurrence")
  }

  func testDuplicateKeyInFlowMapping() {
    let diagnostics = load("quota: { cpu: \"1\", cpu: \"2\" }\n")
    assertSingle(diagnostics, .duplicateKey, line: 1, column: 20)
  }

  func testEveryDuplicateKeyIsReportedInOneRun() {
    let m = MarkedText("a: 1\nb: 2\n1️⃣a: 3\nc:\n  x: 1\n  2️⃣\"x\": 2\n")
    let diagnostics = load(m.text)
    XCTAssertEqual(diagnostics.map(\.code), [.duplicateKey, .duplicateKey])
    XCTAssertEqual(diagnostics.map { $0.range?.start.line }, [3, 6])
    XCTAssertEqual(diagnostics.map { $0.range?.start.column }, [1, 3])
    XCTAssertEqual(diagnostics.last?.notes.first?.range?.start.line, 5, "a quoted key is the same key as a plain one")
  }

  func testDuplicateKeyInALargeMapping() {
    let text = (0..<40).map { "k\($0): \($0)\n" }.joined() + "k3: again\nk39: again\n"
    let diagnostics = load(text)
    XCTAssertEqual(diagnostics.map(\.code), [.duplicateKey, .duplicateKey])
    XCTAssertEqual(diagnostics.map { $0.range?.start.line }, [41, 42])
    XCTAssertEqual(diagnostics.map { $0.notes.first?.range?.start.line }, [4, 40])
  }

  func testProblemsBeforeASyntaxErrorAreKept() {
    let diagnostics = load("a: &x 1\nb: [1, 2\n")
    XCTAssertEqual(diagnostics.map(\.code), [.anchorOrAlias, .syntax])
  }

  func testNULByteIsBinaryContent() {
    assertSingle(load("a: 1\nb: x\u{0}y\n"), .binaryContent, line: 2, column: 5)
  }

  func testInvalidUTF8() {
    var bytes = Array("a: 1\nname: caf".utf8)
    bytes += [0xC3, 0x28, 0x0A]
    let diagnostics = YAMLLoader.load(bytes, file: "platform.yaml").diagnostics
    assertSingle(diagnostics, .invalidUTF8, line: 2, column: 10)
  }

  func testOverlongUTF8EncodingIsInvalid() {
    let diagnostics = YAMLLoader.load([0x61, 0x3A, 0x20, 0xC0, 0xAF], file: "platform.yaml").diagnostics
    assertSingle(diagnostics, .invalidUTF8, line: 1, column: 4)
  }

  func testControlCharacterIsLocated() {
    assertSingle(load("a: 1\nname: a\u{07}b\n"), .invalidCharacter, line: 2, column: 8)
    // After a two-byte character: libyaml reports a byte offset, the column counts characters.
    assertSingle(load("a: 1\nname: é\u{07}b\n"), .invalidCharacter, line: 2, column: 8)
  }

  func testUnusualLineBreaksAreRefusedWhereTheyAre() {
    assertSingle(load("a: 1\nname: a\u{85}b\n"), .invalidCharacter, line: 2, column: 8)
    assertSingle(load("a: 1\nname: ab\u{2028}\n"), .invalidCharacter, line: 2, column: 9)
    assertSingle(load("a: 1\rname: x\n"), .invalidCharacter, line: 1, column: 5)
    XCTAssertTrue(load("a: 1\r\nname: x\r\n").isEmpty, "CRLF files are fine")
  }

  func testTabIndentation() {
    assertSingle(load("spec:\n\ttenants: []\n"), .tabIndentation, line: 2, column: 1)
  }

  func testSeveralDocuments() {
    assertSingle(load("a: 1\n---\nb: 2\n"), .multipleDocuments, line: 3, column: 1)
  }

  func testEmptyFile() {
    XCTAssertEqual(load("# only a comment\n").first?.code, .emptyDocument)
  }

  func testFileOverTheSizeCap() {
    let diagnostics = load(String(repeating: "a: 1\n", count: 100), limits: LoaderLimits(maxFileBytes: 64))
    assertSingle(diagnostics, .fileTooLarge, line: 1, column: 1)
  }

  func testDeepFlowNestingIsRejectedWithoutRecursing() {
    let text = "a: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n"
    let diagnostics = load(text)
    XCTAssertEqual(diagnostics.count, 1)
    XCTAssertEqual(diagnostics.first?.code, .tooDeep)
    XCTAssertEqual(diagnostics.first?.range?.start.line, 1)
  }

  func testQuotedClosingBracketsCannotHideNesting() {
    let text = "a: " + String(repeating: "[\"]]]]]]]]]]\", ", count: 50_000) + "1" + String(repeating: "]", count: 50_000) + "\n"
    XCTAssertEqual(load(text).first?.code, .tooDeep)
  }

  func testModerateNestingOverTheTreeLimit() {
    let text = "a: " + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + "\n"
    let diagnostics = load(text)
    XCTAssertEqual(diagnostics.first?.code, .tooDeep)
  }

  func testDeepBlockNesting() {
    var text = ""
    for depth in 0..<600 { text += String(repeating: " ", count: depth) + "k:\n" }
    text += String(repeating: " ", count: 600) + "v\n"
    XCTAssertEqual(load(text).first?.code, .tooDeep)
  }

  func testSyntaxErrorIsLocated() {
    let diagnostics = load("spec:\n  tenants: [a, b\n  environments: []\n")
    XCTAssertEqual(diagnostics.count, 1)
    XCTAssertEqual(diagnostics.first?.code, .syntax)
    XCTAssertNotNil(diagnostics.first?.range)
  }

  func testCustomTagIsRejected() {
    assertSingle(load("a: !python/object x\n"), .unsupportedTag, line: 1, column: 4)
  }

  func testComplexKeyIsRejected() {
    XCTAssertEqual(load("? [a, b]\n: 1\n").first?.code, .complexKey)
  }

  func testValidDocumentKeepsPositionsAndStyles() {
    let result = YAMLLoader.load(Array("a:\n  b: \"true\"\n  c: true\n  d: [1, x]\n".utf8), file: "f.yaml")
    XCTAssertTrue(result.diagnostics.isEmpty)
    guard let entries = result.document?.root.entries, let inner = entries.first?.value.entries else {
      return XCTFail("expected a mapping")
    }
    XCTAssertEqual(inner.map(\.key), ["b", "c", "d"])
    XCTAssertEqual(inner[0].value.scalar?.style, .doubleQuoted)
    XCTAssertEqual(inner[1].value.scalar?.isPlain, true)
    XCTAssertEqual(inner[1].keyRange.start.line, 3)
    XCTAssertEqual(inner[1].keyRange.start.column, 3)
    XCTAssertEqual(inner[2].value.items?.count, 2)
  }

  func testByteOrderMarkIsAccepted() {
    let result = YAMLLoader.load([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), file: "f.yaml")
    XCTAssertTrue(result.diagnostics.isEmpty)
  }
}

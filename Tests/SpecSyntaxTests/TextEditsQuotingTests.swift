import SpecSyntax
import XCTest

/// `TextEdits.doubleQuoted` writes YAML, not JSON: what it writes reads back, through the loader, as
/// the same string, whatever the characters (controls, DEL, C1, line separators, a byte-order mark).
final class TextEditsQuotingTests: XCTestCase {
  func testDoubleQuotedScalarsReadBackAsTheSameString() throws {
    let texts = [
      "sha256:" + String(repeating: "ab", count: 32), "a \"quoted\" \\ path", "tab\tand\nnewline\r", "\u{0}\u{1}\u{1F}",
      "del\u{7F}", "c1\u{80}\u{85}\u{9F}", "nbsp\u{A0}é", "sep\u{2028}\u{2029}", "bom\u{FEFF}", "emoji 🚀", "", "yes", "null",
    ]
    for text in texts {
      let yaml = "value: " + TextEdits.doubleQuoted(text) + "\n"
      let (document, diagnostics) = YAMLLoader.load(Array(yaml.utf8), file: "q.yaml")
      XCTAssertEqual(diagnostics.map(\.summary), [], yaml)
      let entry = try XCTUnwrap(document?.root.entries?.first, yaml)
      XCTAssertEqual(entry.value.scalar?.text, text, yaml)
    }
  }
}

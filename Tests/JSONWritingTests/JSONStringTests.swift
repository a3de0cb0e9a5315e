import Foundation
import JSONWriting
import XCTest

/// The one JSON string quoter: every control character, quote and backslash survives a round trip
/// through a real JSON parser, and the output is plain printable ASCII for those characters.
final class JSONStringTests: XCTestCase {
  func testEveryASCIIAndSeparatorRoundTripsThroughAJSONParser() throws {
    var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
    samples += ["\u{2028}", "\u{2029}", "é", "🚀", "a\"b\\c\nd", "", "plain text, nothing to escape", "\"\u{301}", "\r\n", "naïve \"x\""]
    for sample in samples {
      let literal = JSONString.quote(sample)
      let parsed = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: [.fragmentsAllowed]) as? String
      XCTAssertEqual(parsed, sample, "literal \(literal.debugDescription)")
      XCTAssertFalse(
        literal.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 }, "raw control character in \(literal.debugDescription)")
    }
  }

  func testShortEscapesAndSeparators() {
    XCTAssertEqual(JSONString.quote("a\"b\\c\n\r\t"), #""a\"b\\c\n\r\t""#)
    XCTAssertEqual(JSONString.quote("\u{1}\u{1F}"), #""\u0001\u001f""#)
    XCTAssertEqual(JSONString.quote("x\u{2028}y\u{2029}"), #""x\u2028y\u2029""#)
    // Text with nothing to escape is copied whole; a quote inside a grapheme (`"` + a combining
    // accent) is still escaped.
    XCTAssertEqual(JSONString.quote("deploy/dev/kustomization.yaml"), #""deploy/dev/kustomization.yaml""#)
    XCTAssertEqual(JSONString.quote("\"\u{301}"), "\"\\\"\u{301}\"")
  }
}

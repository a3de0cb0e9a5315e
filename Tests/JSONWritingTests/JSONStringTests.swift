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

  /// Random strings mixing text with nothing to escape (copied whole) and scalars that need an
  /// escape, next to combining marks and scalars beyond ASCII: a real parser reads back each one.
  func testRandomMixedStringsRoundTrip() throws {
    let pool: [Unicode.Scalar] = [
      "a", "z", "/", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{301}", "\u{2028}", "\u{2029}", "日", "🚀",
    ]
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ bound: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(bound))
    }
    for _ in 0..<2000 {
      var sample = String.UnicodeScalarView()
      for _ in 0..<next(24) { sample.append(pool[next(pool.count)]) }
      let text = String(sample)
      let literal = JSONString.quote(text)
      let parsed = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: [.fragmentsAllowed]) as? String
      XCTAssertEqual(parsed.map { Array($0.unicodeScalars) }, Array(text.unicodeScalars), "literal \(literal.debugDescription)")
    }
  }
}

import Foundation
import JSONWriting
import XCTest

/// The JSON writer: exact layout, sorted keys, numbers that read back to the same value, and every
/// document parsing with a real JSON parser to what was built.
final class JSONWriterTests: XCTestCase {
  func testPrettyLayoutSortsKeysByBytes() {
    let doc: JSON = ["b": [1, "x", nil, true], "a": [:], "B": [], "é": ["z": 2.5]]
    XCTAssertEqual(
      doc.rendered(),
      """
      {
        "B": [],
        "a": {},
        "b": [
          1,
          "x",
          null,
          true
        ],
        "é": {
          "z": 2.5
        }
      }

      """)
    XCTAssertEqual(doc.rendered(pretty: false), #"{"B":[],"a":{},"b":[1,"x",null,true],"é":{"z":2.5}}"#)
  }

  func testNumbersReadBackExactly() throws {
    let doubles: [Double] = [0.85, 1e-05, 1e300, -2.0, 0, 123456789.125, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude]
    for d in doubles {
      let text = JSON.double(d).rendered(pretty: false)
      let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSNumber
      XCTAssertEqual(parsed?.doubleValue, d, text)
    }
    XCTAssertEqual(JSON.double(.nan).rendered(pretty: false), "null")
    XCTAssertEqual(JSON.double(-.infinity).rendered(pretty: false), "null")
    XCTAssertEqual(JSON.integer(Int64.min).rendered(pretty: false), "-9223372036854775808")
    XCTAssertEqual(JSON.integer(UInt64.max).rendered(pretty: false), "\"18446744073709551615\"")
  }

  func testOptionalStringsAndSubscriptSetter() {
    XCTAssertEqual(JSON.string(nil as String?), .null)
    XCTAssertEqual(JSON.string("s" as String?), .string("s"))
    var doc: JSON = ["a": 1]
    doc["b"] = "two"
    XCTAssertEqual(doc["b"], "two")
    var notObject: JSON = [1]
    notObject["a"] = 1
    XCTAssertEqual(notObject, [1], "setting a key on a non-object changes nothing")
  }

  func testNestedDocumentRoundTripsThroughFoundationParser() throws {
    var members: [String: JSON] = [:]
    for i in 0..<50 {
      members["k\(49 - i)"] = .array([.string("line\n\(i)\t\"q\""), .integer(i), .bool(i % 2 == 0), .double(Double(i) / 8)])
    }
    let doc = JSON.object(["items": .object(members), "formatVersion": 1])
    for pretty in [true, false] {
      let text = doc.rendered(pretty: pretty)
      let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
      let items = try XCTUnwrap(parsed["items"] as? [String: [Any]])
      XCTAssertEqual(items.count, 50)
      XCTAssertEqual(items["k7"]?.first as? String, "line\n42\t\"q\"")
      XCTAssertEqual((items["k7"]?[3] as? NSNumber)?.doubleValue, 42.0 / 8)
      let keyOrder = text.components(separatedBy: "\"k").dropFirst().map { $0.prefix { $0.isNumber } }
      XCTAssertEqual(keyOrder, keyOrder.sorted(), "keys appear sorted")
    }
  }
}

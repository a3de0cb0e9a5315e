import SpecSyntax
import XCTest

/// `Scalar.typed` is the one typing of free-form YAML scalars (deployed manifests, policy input,
/// MLmodel files, model cards): the core schema for plain and core-tagged scalars, text otherwise.
final class TypedScalarTests: XCTestCase {
  func testTheCoreSchemaForPlainAndTaggedScalarsAndTextForTheRest() throws {
    let yaml = """
      a: ~
      b: true
      c: True
      d: 42
      e: 1.5e3
      f: "42"
      g: !!int "42"
      h: !!str 42
      i: 99999999999999999999
      j: 0x1F
      k: |
        block
      l: 'false'
      m: .inf
      """
    let (document, diagnostics) = YAMLLoader.load(Array(yaml.utf8), file: "t.yaml")
    XCTAssertEqual(diagnostics.map(\.summary), [])
    let values = Dictionary(uniqueKeysWithValues: try XCTUnwrap(document?.root.entries).map { ($0.key, $0.value.scalar?.typed) })
    XCTAssertEqual(values["a"], .null)
    XCTAssertEqual(values["b"], .bool(true))
    XCTAssertEqual(values["c"], .string("True"), "only true and false are booleans")
    XCTAssertEqual(values["d"], .int(42))
    XCTAssertEqual(values["e"], .float(1500))
    XCTAssertEqual(values["f"], .string("42"))
    XCTAssertEqual(values["g"], .int(42))
    XCTAssertEqual(values["h"], .string("42"))
    XCTAssertEqual(values["i"], .string("99999999999999999999"), "beyond int64: the text")
    XCTAssertEqual(values["j"], .string("0x1F"), "an integer Swift does not read as decimal stays text")
    XCTAssertEqual(values["k"], .string("block\n"))
    XCTAssertEqual(values["l"], .string("false"))
    XCTAssertEqual(values["m"], .string(".inf"))
  }
}

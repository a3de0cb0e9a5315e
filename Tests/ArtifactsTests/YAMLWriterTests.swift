import Artifacts
import SpecSyntax
import XCTest

/// The direct YAML writer, checked against a real YAML parser (libyaml through SpecSyntax).
/// A libyaml parse as a value tree: plain scalars typed as YAML 1.2 core (null, bool, int), the rest strings.
enum LibYAMLTree {
  static func value(_ node: LocatedNode) -> KValue {
    switch node.kind {
    case .mapping(let entries): return .map(KMap(entries.map { (key: $0.key, value: value($0.value)) }))
    case .sequence(let items): return .list(items.map(value))
    case .scalar(let s):
      guard s.isPlain else { return .string(s.text) }
      switch PlainScalarKind.classify(s.text) {
      case .null: return .null
      case .bool: return .bool(s.text == "true")
      case .integer: return Int(s.text).map { .int($0) } ?? .string(s.text)
      case .float, .string: return .string(s.text)
      }
    }
  }

  static func parse(_ bytes: [UInt8]) -> KValue? {
    let loaded = YAMLLoader.load(bytes, file: "out.yaml")
    guard loaded.diagnostics.isEmpty else { return nil }
    return loaded.document.map { value($0.root) }
  }
}

final class YAMLWriterTests: XCTestCase {
  /// Parses writer output with libyaml and rebuilds a KValue, treating plain scalars as YAML 1.2 core types.
  private func roundTrip(_ value: KValue, file: StaticString = #filePath, line: UInt = #line) -> KValue? {
    let bytes = YAMLWriter.render(value)
    let loaded = YAMLLoader.load(bytes, file: "out.yaml")
    XCTAssertTrue(
      loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.summary))\n\(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
    return loaded.document.map { LibYAMLTree.value($0.root) }
  }

  func testTrickyStringsSurviveARoundTrip() {
    let tricky = [
      "", " ", "true", "False", "yes", "NO", "on", "off", "y", "n", "null", "~", "Null", "0", "123", "-1", "1.5", "1e3",
      ".inf", "-.inf", ".nan", "0x1F", "0o17", "1_000", "12:30", "2027-01-31", "1.4.2", "a: b", "a #b", "#x", "- x", "-",
      "?", ":", "[x]", "{x}", "*alias", "&anchor", "!tag", "%x", "@x", "`x`", "'quoted'", "\"dq\"", "back\\slash",
      "line\nbreak", "tab\there", "trailing ", " leading", "café", "💥", "\u{7F}", "\u{85}", "a,b", "x:",
      "nvidia.com/gpu", "800Gi", "500m", "group:ml-search", "https://x.example.com/a?b=c", "v1.33",
    ]
    let value: KValue = .object([
      "strings": .list(tricky.map { .string($0) }),
      "keys": .map(KMap(tricky.filter { !$0.isEmpty }.map { (key: $0, value: .string($0)) })),
      "numbers": .list([.int(0), .int(-5), .int(1_000_000)]),
      "flags": .list([.bool(true), .bool(false), .null]),
      "empty": .object(["map": .map(KMap()), "list": .list([])]),
      "nested": .list([.list([.string("a"), .list([])]), .object(["k": .list([.object(["x": .int(1), "y": .string("2")])])])]),
    ])
    XCTAssertEqual(roundTrip(value), value)
  }

  func testPlainWhereUnambiguous() {
    let text = String(
      decoding: YAMLWriter.render(.object(["name": .string("search-prod"), "cpu": .string("200"), "mem": .string("800Gi")])), as: UTF8.self)
    XCTAssertEqual(text, "name: search-prod\ncpu: \"200\"\nmem: 800Gi\n")
  }

  func testListsOfMapsLayout() {
    let text = String(decoding: YAMLWriter.render(.object(["items": .list([.object(["a": .int(1), "b": .list([.string("x")])])])])), as: UTF8.self)
    XCTAssertEqual(text, "items:\n  - a: 1\n    b:\n      - x\n")
  }
}

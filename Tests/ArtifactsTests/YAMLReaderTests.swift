import Artifacts
import SpecSyntax
import TestSupport
import XCTest

/// `YAMLReader` is the exact inverse of `YAMLWriter`/`YAMLBuilder`: emitted manifests keep only their
/// bytes, and everything that looks inside an object (plans, policies, the Kueue checks) reads them back.
final class YAMLReaderTests: XCTestCase {
  static let strings = [
    "", " ", "a", "true", "False", "yes", "null", "~", "0", "123", "-1", "1.5", "1e3", ".inf", "0x1F", "12:30", "2027-01-31",
    "a: b", "a:b", "x:", "- x", "-", "#x", "a #b", "[x]", "{x}", "{}", "[]", "*alias", "&a", "!tag", "'q'", "\"dq\"", "back\\slash",
    "line\nbreak", "tab\there", "cr\rhere", "trailing ", " leading", "café", "💥", "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}x",
    "nvidia.com/gpu", "800Gi", "500m", "group:ml-search", "https://x.example.com/a?b=c", "v1.33", "paved.dev/tenant",
  ]

  static func tree(_ g: inout SplitMix64, depth: Int) -> KValue {
    let pick = depth >= 4 ? g.below(4) : g.below(7)
    switch pick {
    case 0: return .string(strings[g.below(strings.count)])
    case 1: return .int([0, 1, -5, 53, 1_000_000, Int.max, Int.min][g.below(7)])
    case 2: return g.below(3) == 0 ? .null : .bool(g.below(2) == 0)
    case 3: return .string(strings[g.below(strings.count)] + strings[g.below(strings.count)])
    case 4, 5:
      var m = KMap()
      var used = Set<String>()
      for _ in 0..<g.below(4) {
        let key = strings[g.below(strings.count)]
        guard used.insert(key).inserted else { continue }
        m.append(key, tree(&g, depth: depth + 1))
      }
      return .map(m)
    default:
      return .list((0..<g.below(4)).map { _ in tree(&g, depth: depth + 1) })
    }
  }

  func testRandomTreesReadBackExactlyAndAgreeWithLibyaml() throws {
    var g = SplitMix64(state: 20_261_202)
    for n in 0..<3000 {
      let value = Self.tree(&g, depth: 0)
      let bytes = YAMLWriter.render(value)
      let text = String(decoding: bytes, as: UTF8.self)
      XCTAssertEqual(try YAMLReader.read(bytes), value, "tree \(n):\n\(text)")
      XCTAssertEqual(LibYAMLTree.parse(bytes), value, "libyaml disagrees on tree \(n):\n\(text)")
    }
  }

  func testEmptyCollectionsInEveryPosition() throws {
    let value: KValue = .object([
      "m": .map(KMap()), "l": .list([]),
      "items": .list([.map(KMap()), .list([]), .list([.list([]), .map(KMap())]), .object(["inner": .map(KMap())])]),
      "first": .list([.object(["nested": .object(["deep": .list([.string("x")])]), "after": .int(1)])]),
    ])
    let bytes = YAMLWriter.render(value)
    XCTAssertEqual(
      String(decoding: bytes, as: UTF8.self),
      """
      m: {}
      l: []
      items:
        - {}
        - []
        -
          - []
          - {}
        - inner: {}
      first:
        - nested:
            deep:
              - x
          after: 1

      """)
    XCTAssertEqual(try YAMLReader.read(bytes), value)
    XCTAssertEqual(try YAMLReader.read(YAMLWriter.render(.map(KMap()))), .map(KMap()))
    XCTAssertEqual(try YAMLReader.read(YAMLWriter.render(.list([]))), .list([]))
    XCTAssertEqual(try YAMLReader.read(YAMLWriter.render(.string("top"))), .string("top"))
  }

  func testTextOutsideTheWritersLayoutIsRefused() {
    let refused = [
      "a: {b: 1}\n", "a:\n\tb: 1\n", "a:\n   b: 1\n", "a: 1\n  b: 2\n", "a: \"open\n", "a: 1", "a: 1\nb\n", "- a\n - b\n",
      "a: \"\\q\"\n", "a: \"\\u12\"\n", ": x\n", "a:\n", "",
    ]
    for text in refused {
      XCTAssertThrowsError(try YAMLReader.read(Array(text.utf8)), "accepted \(text.debugDescription)")
    }
  }

  func testBuilderMatchesTheTreeWriter() {
    var b = YAMLBuilder()
    b.beginMap()
    b.field("apiVersion", "v1")
    b.map("metadata") { b in
      b.field("name", "x")
      b.pairs("labels", [("a", "1"), ("b", "true")])
    }
    b.list("ports") { b in
      b.mapItem { b in b.field("port", 53) }
      b.item("plain")
    }
    b.strings("none", [])
    b.map("empty") { _ in }
    b.end()
    let tree: KValue = .object([
      "apiVersion": .string("v1"),
      "metadata": .object(["name": .string("x"), "labels": .object(["a": .string("1"), "b": .string("true")])]),
      "ports": .list([.object(["port": .int(53)]), .string("plain")]),
      "none": .list([]),
      "empty": .map(KMap()),
    ])
    XCTAssertEqual(String(decoding: b.finished(), as: UTF8.self), String(decoding: YAMLWriter.render(tree), as: UTF8.self))
  }

  func testAnEmittedManifestKeepsOnlyBytesAndReadsBack() {
    let tree: KValue = .object([
      "apiVersion": .string("v1"), "kind": .string("ConfigMap"),
      "metadata": .object(["name": .string("c"), "namespace": .string("n")]), "data": .object(["k": .string("01")]),
    ])
    let artifact = Artifact.manifest(path: "dev/c.yaml", object: tree, origin: nil)
    XCTAssertTrue(artifact.holdsObject)
    XCTAssertEqual(artifact.object, tree)
    XCTAssertEqual(artifact.identity, ObjectIdentity(apiVersion: "v1", kind: "ConfigMap", namespace: "n", name: "c"))
    XCTAssertNil(Artifact(path: "README.md", contents: Array("# hi\n".utf8)).object)
  }
}

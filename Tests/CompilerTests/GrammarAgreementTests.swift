import Diagnostics
import Foundation
import JSONWriting
import SpecAST
import SpecSyntax
import TestSupport
import XCTest

/// The spec's grammar is written once, in `SpecSchema`; each decoder opens a mapping by its grammar
/// path (`rule: .platform("spec.tenants[]")`). This checks that every decoder names the right path
/// (and that free-form maps are free-form in both). Every mapping of every platform and environment file of the repository and
/// its examples gets a probe key, and the decoder's answer (its "expected one of" list, or no error
/// for a free-form map) must be what the schema says at that path: the same keys, or
/// `additionalProperties` allowed.
final class GrammarAgreementTests: XCTestCase {
  static let probe = "zz-grammar-probe"

  func testTheDecodersAndTheSchemasAgreeOnTheKeysOfEveryMapping() throws {
    let root = RepoPaths.packageRoot
    let examples = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path).map { "examples/\($0)/" }
    var compared = 0
    for dir in [""] + examples {
      compared += try check(file: dir + "platform.yaml", schema: SpecSchema.platform()) { $0.decodePlatform($1, file: $2) != nil }
      let environments = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir + "environments").path)
      for name in environments where name.hasSuffix(".yaml") {
        compared += try check(file: dir + "environments/" + name, schema: SpecSchema.environment()) { $0.decodeEnvironment($1, file: $2) != nil }
      }
    }
    XCTAssertGreaterThan(compared, 200, "mappings probed")
  }

  /// Probes every mapping under `spec` of `file`; returns how many were compared.
  private func check(file: String, schema: JSON, decode: (SpecDecoder, LocatedNode, String) -> Bool) throws -> Int {
    let bytes = Array(try Data(contentsOf: RepoPaths.packageRoot.appendingPathComponent(file)))
    let document = try XCTUnwrap(YAMLLoader.load(bytes, file: file).document, file)
    let specSchema = try XCTUnwrap(schema["properties"]?["spec"])
    var count = 0
    for (path, _) in mappings(document.root, at: []) where path.first == .key("spec") {
      let probed = inserting(Self.probe, at: path[...], in: document.root)
      let decoder = SpecDecoder()
      _ = decode(decoder, probed, file)
      let unknown = decoder.diagnostics.first {
        $0.code == .unknownKey && $0.path?.components == path + [.key(Self.probe)]
      }
      let decoderKeys = unknown?.notes.compactMap { note -> Set<String>? in
        guard note.message.hasPrefix("expected one of: ") else { return nil }
        return Set(note.message.dropFirst("expected one of: ".count).components(separatedBy: ", "))
      }.first
      let schemaNode = node(at: path.dropFirst(), in: specSchema).map(Self.merged)
      let location = "\(file) \(DataPath(path))"
      guard let schemaNode else {
        XCTFail("\(location): no schema for this mapping")
        continue
      }
      if let decoderKeys {
        XCTAssertEqual(schemaNode["additionalProperties"], false, "\(location): the decoder takes only known keys")
        var schemaKeys: Set<String> = []
        if case .object(let properties)? = schemaNode["properties"] { schemaKeys = Set(properties.keys) }
        XCTAssertEqual(schemaKeys, decoderKeys, location)
      } else {
        XCTAssertNotEqual(schemaNode["additionalProperties"], false, "\(location): the decoder takes any key here")
      }
      count += 1
    }
    return count
  }

  /// A `oneOf` of objects as one object: the union of their keys, closed when every branch is.
  static func merged(_ schema: JSON) -> JSON {
    guard case .array(let branches)? = schema["oneOf"] else { return schema }
    var properties: [String: JSON] = [:]
    var closed = true
    for branch in branches {
      if case .object(let p)? = branch["properties"] { properties.merge(p) { first, _ in first } }
      if branch["additionalProperties"] != false { closed = false }
    }
    return ["type": "object", "properties": .object(properties), "additionalProperties": closed ? false : true]
  }

  /// Every mapping node with its path (indices for list items).
  private func mappings(_ node: LocatedNode, at path: [DataPath.Component]) -> [([DataPath.Component], LocatedNode)] {
    switch node.kind {
    case .mapping(let entries):
      return [(path, node)] + entries.flatMap { mappings($0.value, at: path + [.key($0.key)]) }
    case .sequence(let items):
      return items.enumerated().flatMap { mappings($1, at: path + [.index($0)]) }
    case .scalar:
      return []
    }
  }

  /// `node` with one more entry, `key: 1`, in the mapping at `path` (a copy of its first entry renamed).
  private func inserting(_ key: String, at path: ArraySlice<DataPath.Component>, in node: LocatedNode) -> LocatedNode {
    var out = node
    switch (node.kind, path.first) {
    case (.mapping(var entries), nil):
      if var extra = entries.first {
        extra.key = key
        extra.value = LocatedNode(kind: .scalar(.init(text: "1")), range: extra.value.range)
        entries.append(extra)
      }
      out = LocatedNode(kind: .mapping(entries), range: node.range)
    case (.mapping(var entries), .key(let name)?):
      if let i = entries.firstIndex(where: { $0.key == name }) { entries[i].value = inserting(key, at: path.dropFirst(), in: entries[i].value) }
      out = LocatedNode(kind: .mapping(entries), range: node.range)
    case (.sequence(var items), .index(let i)?):
      items[i] = inserting(key, at: path.dropFirst(), in: items[i])
      out = LocatedNode(kind: .sequence(items), range: node.range)
    default:
      break
    }
    return out
  }

  /// The schema of the value at `path` (list items through `items`, map values through
  /// `additionalProperties`, a `oneOf` through its first branch with properties).
  private func node(at path: ArraySlice<DataPath.Component>, in schema: JSON) -> JSON? {
    guard let first = path.first else { return schema }
    if case .array(let branches)? = schema["oneOf"] {
      for branch in branches { if let found = node(at: path, in: branch) { return found } }
      return nil
    }
    switch first {
    case .index:
      guard let items = schema["items"] else { return nil }
      return node(at: path.dropFirst(), in: items)
    case .key(let key):
      if let child = schema["properties"]?[key] { return node(at: path.dropFirst(), in: child) }
      if let values = schema["additionalProperties"], case .object = values { return node(at: path.dropFirst(), in: values) }
      return nil
    }
  }
}

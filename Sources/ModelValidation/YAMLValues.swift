import Diagnostics
import ModelArtifacts
import SpecSyntax

/// Small helpers over `LocatedNode` for the free-form YAML of MLmodel files and model cards.
enum YAMLValues {
  /// The value of `key` in a mapping node.
  static func value(_ node: LocatedNode?, _ key: String) -> LocatedNode? {
    node?.entries?.first { $0.key == key }?.value
  }

  /// A scalar's text (any style), nil for mappings and sequences.
  static func text(_ node: LocatedNode?) -> String? { node?.scalar?.text }

  /// A scalar as a metadata value, typed by `Scalar.typed`; null is no value.
  static func metadata(_ node: LocatedNode, depth: Int = 0) -> MetadataValue? {
    switch node.kind {
    case .scalar(let scalar):
      switch scalar.typed {
      case .int(let i): return .int(i)
      case .float(let d): return .float(d)
      case .bool(let b): return .bool(b)
      case .null: return nil
      case .string(let text): return .string(text)
      }
    case .sequence(let items):
      guard depth < 8 else { return nil }
      return .array(items.prefix(1024).compactMap { metadata($0, depth: depth + 1) })
    case .mapping:
      return nil
    }
  }

  /// A mapping flattened to dotted keys (`a.b.c`), at most `limit` entries.
  static func flatten(_ node: LocatedNode, prefix: String = "", depth: Int = 0, into out: inout [(String, MetadataValue)], limit: Int = 4096) {
    guard depth < 8, let entries = node.entries else { return }
    for entry in entries where out.count < limit {
      let key = prefix.isEmpty ? entry.key : prefix + "." + entry.key
      if entry.value.entries != nil {
        flatten(entry.value, prefix: key, depth: depth + 1, into: &out, limit: limit)
      } else if let value = metadata(entry.value) {
        out.append((key, value))
      }
    }
  }

  /// A number from a scalar (plain or quoted).
  static func number(_ node: LocatedNode?) -> Double? {
    guard let text = text(node), let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
    return value
  }
}

extension String {
  func trimmingCharacters(in set: Set<Character>) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice.removeFirst() }
    while let last = slice.last, set.contains(last) { slice.removeLast() }
    return String(slice)
  }
}

extension Set where Element == Character {
  static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r"]
}

import Diagnostics
import Yams

/// Converts a composed Yams node into a `LocatedNode`, rejecting anchors, deep nesting and odd keys.
struct NodeConverter {
  let file: String
  let maxDepth: Int
  var diagnostics: [Diagnostic] = []
  private var reportedAnchors: Set<String> = []

  init(file: String, maxDepth: Int) {
    self.file = file
    self.maxDepth = maxDepth
  }

  private func range(_ mark: Mark?, width: Int = 0) -> SourceRange {
    let start = SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    var end = start
    end.column += width
    return SourceRange(start: start, end: end)
  }

  mutating func convert(_ node: Node, depth: Int) -> LocatedNode {
    let empty = LocatedNode(kind: .scalar(.init(text: "")), range: range(node.mark))
    if node.anchor != nil || node.alias != nil {
      let at = range(node.mark)
      if reportedAnchors.insert(at.start.description).inserted {
        diagnostics.append(.error(.anchorOrAlias, "YAML anchors and aliases are not allowed in Paved files", at: at, notes: [DiagnosticNote("write the value out in full; this also rules out alias-expansion bombs")]))
      }
      return empty
    }
    if depth > maxDepth {
      diagnostics.append(.error(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: range(node.mark)))
      return empty
    }
    switch node {
    case .scalar(let scalar):
      return convertScalar(scalar)
    case .sequence(let sequence):
      if let bad = badTag(sequence.tag, allowed: "seq") { report(tag: bad, at: sequence.mark) }
      let items = sequence.map { convert($0, depth: depth + 1) }
      return LocatedNode(kind: .sequence(items), range: range(sequence.mark))
    case .mapping(let mapping):
      if let bad = badTag(mapping.tag, allowed: "map") { report(tag: bad, at: mapping.mark) }
      var entries: [LocatedNode.Entry] = []
      for (key, value) in mapping {
        guard case .scalar(let keyScalar) = key, key.anchor == nil else {
          diagnostics.append(.error(.complexKey, "mapping keys must be plain strings", at: range(key.mark)))
          continue
        }
        if keyScalar.string == "<<" && keyScalar.style == .plain {
          diagnostics.append(.error(.anchorOrAlias, "YAML merge keys ('<<') are not allowed in Paved files", at: range(key.mark, width: 2)))
          continue
        }
        let keyNode = convertScalar(keyScalar)
        entries.append(.init(key: keyScalar.string, keyRange: keyNode.range, value: convert(value, depth: depth + 1)))
      }
      return LocatedNode(kind: .mapping(entries), range: range(mapping.mark))
    case .alias:
      return empty
    }
  }

  private mutating func convertScalar(_ scalar: Node.Scalar) -> LocatedNode {
    let style: LocatedNode.ScalarStyle
    var width = scalar.string.unicodeScalars.count
    switch scalar.style {
    case .singleQuoted: style = .singleQuoted; width += 2
    case .doubleQuoted: style = .doubleQuoted; width += 2
    case .literal: style = .literal; width = 1
    case .folded: style = .folded; width = 1
    default: style = .plain
    }
    // Bytes, not `String.contains(_:)`: that resolves to Foundation's substring search.
    if scalar.string.utf8.contains(UInt8(ascii: "\n")) { width = 1 }
    var explicitTag: String? = nil
    let tagName = scalar.tag.description
    if !tagName.isEmpty && tagName != "!" {
      let short = Self.coreTag(tagName)
      if let short, ["str", "int", "bool", "float", "null"].contains(short) {
        explicitTag = short
      } else {
        report(tag: tagName, at: scalar.mark)
      }
    }
    return LocatedNode(kind: .scalar(.init(text: scalar.string, style: style, explicitTag: explicitTag)), range: range(scalar.mark, width: width))
  }

  private func badTag(_ tag: Tag, allowed: String) -> String? {
    let name = tag.description
    if name.isEmpty || name == "!" || Self.coreTag(name) == allowed { return nil }
    return name
  }

  private mutating func report(tag: String, at mark: Mark?) {
    diagnostics.append(.error(.unsupportedTag, "unsupported YAML tag '\(tag)'", at: range(mark), notes: [DiagnosticNote("only plain values and the core tags !!str, !!int, !!bool, !!float, !!null are accepted")]))
  }

  static func coreTag(_ name: String) -> String? {
    let prefix = "tag:yaml.org,2002:"
    return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : nil
  }
}

import CLibYAML
import Diagnostics

/// Builds a `LocatedNode` straight from libyaml events, with an explicit stack (no recursion),
/// rejecting anchors, aliases, merge keys, non-scalar keys, duplicate keys, custom tags, deep
/// nesting and second documents. Every problem is collected, not just the first.
///
/// Straight from events: composing a tree of Yams `Node`s first (a class-backed tag and a Foundation
/// string conversion per scalar) cost more than everything else in loading a spec. Paved has since
/// dropped Yams and reads the system libyaml directly.
struct EventComposer {
  let file: String
  let maxDepth: Int
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String, maxDepth: Int) {
    self.file = file
    self.maxDepth = maxDepth
  }

  /// What a mapping does with the next node it receives.
  private enum Expecting {
    case key
    case value(key: String, keyRange: SourceRange)
    /// The value of a rejected key (merge key, non-scalar key): read and dropped.
    case droppedValue
  }

  /// An open collection. A struct mutated in place on the stack (`stack[top]`): taking it out of
  /// the stack and putting it back would copy its arrays on every append.
  private struct Frame {
    var isMapping: Bool
    var range: SourceRange
    var items: [LocatedNode] = []
    var entries: [LocatedNode.Entry] = []
    var expecting = Expecting.key
    /// Keys seen, once the mapping is large enough for a dictionary to beat a scan of `entries`.
    var seen: [String: SourceRange] = [:]

    static let scanLimit = 16

    /// Where `key` was first defined in this mapping, if it was.
    func firstDefinition(of key: String) -> SourceRange? {
      if entries.count < Self.scanLimit {
        for entry in entries where entry.key == key { return entry.keyRange }
        return nil
      }
      return seen[key]
    }

    mutating func accept(_ entry: LocatedNode.Entry) {
      entries.append(entry)
      if entries.count == Self.scanLimit {
        for e in entries { seen[e.key] = e.keyRange }
      } else if entries.count > Self.scanLimit {
        seen[entry.key] = entry.keyRange
      }
    }
  }

  /// Outcome of reading the stream: the root node, or nil when the stream holds no document.
  enum Outcome {
    case empty
    case document(LocatedNode)
  }

  /// Reads the stream up to the end of the first document (or the start of a second one, which is
  /// reported). Throws libyaml's failure for reader, scanner and parser errors.
  mutating func compose(_ parser: LibYAMLParser) throws -> Outcome {
    var stack: [Frame] = []
    var root: LocatedNode?
    var documents = 0
    while true {
      let done = try parser.next { event -> Bool in
        let e = event.pointee
        let start = e.start_mark.position
        let isNode =
          e.type == YAML_SCALAR_EVENT || e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT
          || e.type == YAML_ALIAS_EVENT
        if isNode && documents > 1 {
          reportSecondDocument(at: start)
          return true
        }
        let atKey = expectsKey(stack)
        switch e.type {
        case YAML_STREAM_END_EVENT:
          return true
        case YAML_DOCUMENT_START_EVENT:
          documents += 1
        case YAML_ALIAS_EVENT:
          reportAnchor(at: start)
          deliver(LocatedNode(kind: .scalar(.init(text: "")), range: range(start)), asKey: .reported, stack: &stack, root: &root)
        case YAML_SCALAR_EVENT:
          let scalar = e.data.scalar
          let anchored = scalar.anchor != nil
          if anchored { reportAnchor(at: start) }
          if !atKey { checkDepth(stack.count + 1, at: start) }
          let node = makeScalar(
            value: scalar.value, length: scalar.length, style: scalar.style, tag: scalar.tag,
            quotedImplicit: scalar.quoted_implicit == 1, at: start)
          deliver(node, asKey: anchored ? .reported : .usable, stack: &stack, root: &root)
        case YAML_SEQUENCE_START_EVENT:
          let data = e.data.sequence_start
          openCollection(isMapping: false, anchor: data.anchor, tag: data.implicit == 0 ? data.tag : nil, at: start, stack: &stack)
        case YAML_MAPPING_START_EVENT:
          let data = e.data.mapping_start
          openCollection(isMapping: true, anchor: data.anchor, tag: data.implicit == 0 ? data.tag : nil, at: start, stack: &stack)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          guard let frame = stack.popLast() else { break }
          let node = LocatedNode(kind: frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items), range: frame.range)
          deliver(node, asKey: .notScalar, stack: &stack, root: &root)
        default:
          break
        }
        return false
      }
      if done { break }
    }
    guard let root else { return .empty }
    return .document(root)
  }

  private func expectsKey(_ stack: [Frame]) -> Bool {
    guard let top = stack.last, top.isMapping, case .key = top.expecting else { return false }
    return true
  }

  /// How a node may serve as a mapping key: a plain scalar, one already reported (anchor, alias), or a collection.
  private enum KeyUse { case usable, reported, notScalar }

  /// Hands a finished node to its parent (or makes it the root).
  private mutating func deliver(_ node: LocatedNode, asKey: KeyUse, stack: inout [Frame], root: inout LocatedNode?) {
    let top = stack.count - 1
    guard top >= 0 else {
      root = node
      return
    }
    guard stack[top].isMapping else {
      stack[top].items.append(node)
      return
    }
    switch stack[top].expecting {
    case .key:
      guard asKey == .usable, case .scalar(let key) = node.kind else {
        if asKey == .notScalar {
          diagnostics.append(.error(.complexKey, "mapping keys must be plain strings", at: SourceRange(start: node.range.start)))
        }
        stack[top].expecting = .droppedValue
        return
      }
      if key.text == "<<" && key.style == .plain {
        diagnostics.append(.error(.anchorOrAlias, "YAML merge keys ('<<') are not allowed in Paved files", at: node.range))
        stack[top].expecting = .droppedValue
      } else if let first = stack[top].firstDefinition(of: key.text) {
        diagnostics.append(
          .error(
            .duplicateKey, "duplicate key '\(key.text)' in a mapping", at: node.range,
            notes: [DiagnosticNote("first defined here", at: first), DiagnosticNote("each key may appear only once; remove or merge one of them")]))
        stack[top].expecting = .droppedValue
      } else {
        stack[top].expecting = .value(key: key.text, keyRange: node.range)
      }
    case .value(let key, let keyRange):
      stack[top].accept(.init(key: key, keyRange: keyRange, value: node))
      stack[top].expecting = .key
    case .droppedValue:
      stack[top].expecting = .key
    }
  }

  private func range(_ start: (line: Int, column: Int), width: Int = 0) -> SourceRange {
    let begin = SourceLocation(file: file, line: start.line, column: start.column)
    var end = begin
    end.column += width
    return SourceRange(start: begin, end: end)
  }

  private mutating func makeScalar(
    value: UnsafeMutablePointer<yaml_char_t>?, length: Int, style scalarStyle: yaml_scalar_style_t,
    tag: UnsafeMutablePointer<yaml_char_t>?, quotedImplicit: Bool, at start: (line: Int, column: Int)
  ) -> LocatedNode {
    let text = value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
    let style: LocatedNode.ScalarStyle
    var width = text.unicodeScalars.count
    switch scalarStyle {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      style = .singleQuoted
      width += 2
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      style = .doubleQuoted
      width += 2
    case YAML_LITERAL_SCALAR_STYLE:
      style = .literal
      width = 1
    case YAML_FOLDED_SCALAR_STYLE:
      style = .folded
      width = 1
    default: style = .plain
    }
    if text.utf8.contains(UInt8(ascii: "\n")) { width = 1 }
    // libyaml marks an untagged quoted or block scalar "quoted implicit": a string by its style.
    // (Most scalars are plain and untagged or quoted and implicit: no tag string is made for them.)
    let tagName = quotedImplicit || tag == nil ? "" : (libyamlString(tag) ?? "")
    var explicitTag: String? = quotedImplicit ? "str" : nil
    if !tagName.isEmpty && tagName != "!" {
      if let short = Self.coreTag(tagName), Self.coreScalarTags.contains(short) {
        explicitTag = short
      } else {
        reportTag(tagName, at: start)
      }
    }
    return LocatedNode(kind: .scalar(.init(text: text, style: style, explicitTag: explicitTag)), range: range(start, width: width))
  }

  private var reportedAnchors: Set<Int> = []

  private mutating func reportAnchor(at start: (line: Int, column: Int)) {
    guard reportedAnchors.insert(start.line << 32 | start.column).inserted else { return }
    diagnostics.append(
      .error(
        .anchorOrAlias, "YAML anchors and aliases are not allowed in Paved files", at: range(start),
        notes: [DiagnosticNote("write the value out in full; this also rules out alias-expansion bombs")]))
  }

  /// One report per subtree that crosses the limit: the node one level over it.
  private mutating func checkDepth(_ depth: Int, at start: (line: Int, column: Int)) {
    // Deeper nodes of the same subtree pass `maxDepth + 1` first, so they are not reported again.
    if depth == maxDepth + 1 {
      diagnostics.append(.error(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: range(start)))
    }
  }

  private mutating func reportTag(_ tag: String, at start: (line: Int, column: Int)) {
    diagnostics.append(
      .error(
        .unsupportedTag, "unsupported YAML tag '\(tag)'", at: range(start),
        notes: [DiagnosticNote("only plain values and the core tags !!str, !!int, !!bool, !!float, !!null are accepted")]))
  }

  private mutating func reportSecondDocument(at start: (line: Int, column: Int)) {
    diagnostics.append(
      .error(
        .multipleDocuments, "the file holds more than one YAML document; expected exactly one", at: range(start),
        notes: [DiagnosticNote("put each document in its own file")]))
  }

  /// A sequence or mapping starts: its anchor and explicit tag checked, its depth too, and a frame pushed.
  private mutating func openCollection(
    isMapping: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
    at start: (line: Int, column: Int), stack: inout [Frame]
  ) {
    if anchor != nil { reportAnchor(at: start) }
    if let name = libyamlString(tag), !name.isEmpty, name != "!", Self.coreTag(name) != (isMapping ? "map" : "seq") {
      reportTag(name, at: start)
    }
    checkDepth(stack.count + 1, at: start)
    stack.append(Frame(isMapping: isMapping, range: range(start)))
  }

  static let corePrefix = "tag:yaml.org,2002:"
  static let coreScalarTags: Set<String> = ["str", "int", "bool", "float", "null"]

  static func coreTag(_ name: String) -> String? {
    name.hasPrefix(corePrefix) ? String(name.dropFirst(corePrefix.count)) : nil
  }
}

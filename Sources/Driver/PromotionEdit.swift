import Diagnostics
import SpecSyntax

/// The edit `paved promote` makes to `environments/<env>.yaml`: only the bytes of the pinned values
/// change (or a canary block is added or dropped); comments, key order, quoting and layout stay.
public enum PromotionEdit {
  /// What to pin.
  public struct Pin: Sendable, Equatable {
    public var version: String
    public var artifact: String
    public var digest: String

    public init(version: String, artifact: String, digest: String) {
      self.version = version
      self.artifact = artifact
      self.digest = digest
    }
  }

  enum Change: Sendable, Equatable {
    /// Pin `pin` as the stable version, dropping any canary.
    case stable(Pin)
    /// Keep the stable pin; `pin` takes `traffic` percent as the canary.
    case canary(Pin, traffic: Int)
  }

  enum Failure: Error, Equatable {
    case unreadable(String)
    case shape(String)
  }

  /// The file's bytes with `change` made to `model`'s pin.
  static func apply(_ change: Change, model: String, to bytes: [UInt8], file: String) throws(Failure) -> [UInt8] {
    let (loaded, diagnostics) = YAMLLoader.load(bytes, file: file)
    guard let root = loaded?.root, diagnostics.allSatisfy({ $0.severity != .error }) else {
      throw .unreadable(diagnostics.first.map { ($0.range.map { "\($0.start): " } ?? "") + $0.summary } ?? "not YAML")
    }
    let positions = TextEdits.Positions(bytes)
    guard let spec = value(root, "spec"), spec.entries != nil else { throw .shape("\(file) has no spec mapping") }
    var edits: [TextEdits.Edit] = []
    let models = entry(spec, "models")
    let pinNode = models.flatMap { value($0.value, model) }
    switch change {
    case .stable(let pin):
      if let pinNode, pinNode.entries != nil {
        edits += try replace(pinNode, ["version": pin.version, "artifact": pin.artifact, "digest": pin.digest], positions)
        if let canary = entry(pinNode, "canary") { edits.append(try remove(canary, in: pinNode, positions)) }
      } else if let models {
        edits.append(try insert(model, flow(pin, traffic: nil), into: models.value, positions))
      } else {
        // No models yet: append the mapping at the end of spec, at its keys' indentation.
        let indent = spec.entries?.first.map { $0.keyRange.start.column - 1 } ?? 2
        let at = positions.lineStart(lastLine(spec) + 1)
        let lead = at > 0 && bytes[at - 1] != UInt8(ascii: "\n") ? "\n" : ""
        let pad = String(repeating: " ", count: indent)
        edits.append(TextEdits.Edit(start: at, end: at, replacement: "\(lead)\(pad)models:\n\(pad)  \(model): \(flow(pin, traffic: nil))\n"))
      }
    case .canary(let pin, let traffic):
      guard let pinNode, pinNode.entries != nil else { throw .shape("'\(model)' has no stable pin in \(file) to put a canary beside") }
      if let canary = entry(pinNode, "canary"), canary.value.entries != nil {
        edits += try replace(
          canary.value, ["version": pin.version, "artifact": pin.artifact, "digest": pin.digest, "traffic": String(traffic)], positions)
      } else {
        edits.append(try insert("canary", flow(pin, traffic: traffic), into: pinNode, positions))
      }
    }
    guard let out = TextEdits.apply(edits, to: bytes) else { throw .shape("overlapping edits in \(file)") }
    return out
  }

  /// `{ version: …, artifact: …, digest: "…"[, traffic: N] }`, as the examples write pins.
  static func flow(_ pin: Pin, traffic: Int?) -> String {
    "{ version: \(TextEdits.scalar(pin.version, like: .plain)), artifact: \(TextEdits.scalar(pin.artifact, like: .plain)), digest: \(TextEdits.doubleQuoted(pin.digest))"
      + (traffic.map { ", traffic: \($0)" } ?? "") + " }"
  }

  private static func entry(_ node: LocatedNode, _ key: String) -> LocatedNode.Entry? { node.entries?.first { $0.key == key } }
  private static func value(_ node: LocatedNode, _ key: String) -> LocatedNode? { entry(node, key)?.value }

  /// New text for each named scalar of `mapping`, in the scalar's own quoting style.
  private static func replace(_ mapping: LocatedNode, _ values: [String: String], _ p: TextEdits.Positions) throws(Failure) -> [TextEdits.Edit] {
    var edits: [TextEdits.Edit] = []
    for (key, text) in values.sorted(by: { $0.key < $1.key }) {
      guard let node = value(mapping, key), let scalar = node.scalar else { throw .shape("'\(key)' is not a scalar at \(mapping.range.start)") }
      if scalar.text == text { continue }
      guard let start = p.offset(node.range.start), let end = end(of: node, p) else { throw .shape("no position for '\(key)'") }
      let style: LocatedNode.ScalarStyle = key == "traffic" ? .plain : scalar.style
      edits.append(TextEdits.Edit(start: start, end: end, replacement: TextEdits.scalar(text, like: style)))
    }
    return edits
  }

  /// Adds `key: text` to `mapping`: after its last value in a flow mapping, as a new line at its
  /// keys' indentation in a block mapping; `{}` becomes `{ key: text }`.
  private static func insert(_ key: String, _ text: String, into mapping: LocatedNode, _ p: TextEdits.Positions) throws(Failure) -> TextEdits.Edit {
    guard let entries = mapping.entries else { throw .shape("expected a mapping at \(mapping.range.start)") }
    guard let last = entries.last else {
      guard let start = p.offset(mapping.range.start), let end = end(of: mapping, p) else { throw .shape("no position") }
      return TextEdits.Edit(start: start, end: end, replacement: "{ \(key): \(text) }")
    }
    if isFlow(mapping, p) {
      guard let at = end(of: last.value, p) else { throw .shape("no position") }
      return TextEdits.Edit(start: at, end: at, replacement: ", \(key): \(text)")
    }
    let indent = String(repeating: " ", count: (entries.first?.keyRange.start.column ?? 1) - 1)
    let at = p.lineStart(lastLine(mapping) + 1)
    return TextEdits.Edit(start: at, end: at, replacement: "\(indent)\(key): \(text)\n")
  }

  /// Removes `entry` (key and value) from `mapping`: with its leading ", " in a flow mapping, as whole
  /// lines in a block mapping.
  private static func remove(_ entry: LocatedNode.Entry, in mapping: LocatedNode, _ p: TextEdits.Positions) throws(Failure) -> TextEdits.Edit {
    guard let entries = mapping.entries, let index = entries.firstIndex(where: { $0.key == entry.key }) else { throw .shape("no entry") }
    if isFlow(mapping, p) {
      guard let end = end(of: entry.value, p) else { throw .shape("no position") }
      if index > 0, let start = self.end(of: entries[index - 1].value, p) {
        return TextEdits.Edit(start: start, end: end, replacement: "")
      }
      guard let start = p.offset(entry.keyRange.start) else { throw .shape("no position") }
      let next = index + 1 < entries.count ? p.offset(entries[index + 1].keyRange.start) ?? end : end
      return TextEdits.Edit(start: start, end: next, replacement: "")
    }
    return TextEdits.Edit(start: p.lineStart(entry.keyRange.start.line), end: p.lineStart(lastLine(entry.value) + 1), replacement: "")
  }

  /// A mapping written `{ … }`.
  private static func isFlow(_ mapping: LocatedNode, _ p: TextEdits.Positions) -> Bool {
    guard let at = p.offset(mapping.range.start), at < p.bytes.count else { return false }
    return p.bytes[at] == UInt8(ascii: "{")
  }

  /// The byte offset just past a value's text: a quoted scalar's closing quote, a flow
  /// collection's closing bracket (scanned: the loader records where collections start, and a
  /// quoted scalar's width from its decoded text), a plain scalar's last character.
  static func end(of node: LocatedNode, _ p: TextEdits.Positions) -> Int? {
    guard let start = p.offset(node.range.start) else { return nil }
    let bytes = p.bytes
    switch node.kind {
    case .scalar(let s) where s.style == .doubleQuoted || s.style == .singleQuoted:
      let quote = bytes[start]
      var i = start + 1
      while i < bytes.count {
        if quote == UInt8(ascii: "\"") && bytes[i] == UInt8(ascii: "\\") {
          i += 2
          continue
        }
        if bytes[i] == quote {
          if quote == UInt8(ascii: "'"), i + 1 < bytes.count, bytes[i + 1] == quote {
            i += 2
            continue
          }
          return i + 1
        }
        i += 1
      }
      return nil
    case .scalar:
      return p.offset(node.range.end)
    case .mapping, .sequence:
      guard start < bytes.count, bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") else { return nil }
      var depth = 0
      var i = start
      var quote: UInt8? = nil
      while i < bytes.count {
        let b = bytes[i]
        if let q = quote {
          if q == UInt8(ascii: "\"") && b == UInt8(ascii: "\\") {
            i += 1
          } else if b == q {
            quote = nil
          }
        } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
          quote = b
        } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
          depth += 1
        } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
          depth -= 1
          if depth == 0 { return i + 1 }
        }
        i += 1
      }
      return nil
    }
  }

  /// The last line holding a scalar of `node` (block collections end at the next line's start).
  private static func lastLine(_ node: LocatedNode) -> Int {
    switch node.kind {
    case .scalar: return node.range.end.line
    case .mapping(let entries): return entries.map { max($0.keyRange.end.line, lastLine($0.value)) }.max() ?? node.range.start.line
    case .sequence(let items): return items.map(lastLine).max() ?? node.range.start.line
    }
  }
}

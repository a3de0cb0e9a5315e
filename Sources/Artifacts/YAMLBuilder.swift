/// Writes one YAML document straight to bytes, without building a `KValue` tree first.
///
/// The layout is the one `YAMLWriter` documents (block style, two-space indent, list items under
/// their key indented by two, a map item's first entry on its dash line, `{}`/`[]` for empty
/// collections); `YAMLWriter.render` is this builder driven by a tree, so both always agree, and
/// `YAMLReader` reads exactly this layout back.
///
/// Usage: open a slot with `key(_:)` inside a map or `item()` inside a list, then fill it with exactly
/// one value (`string`, `int`, `bool`, `null`, `beginMap`/`beginList` … `end`, or `value(_:)` for a tree).
/// The convenience methods (`field`, `map`, `list`, `mapItem`) do both.
public struct YAMLBuilder {
  public private(set) var bytes: [UInt8] = []

  private struct Frame {
    var isList: Bool
    /// Indentation of this collection's keys (maps) or dashes (lists).
    var indent: Int
    var count = 0
    /// A map that is a list item: its first key follows the item's `- `.
    var inline: Bool
    /// A collection under a key or dash: its first child starts a new line.
    var header: Bool
  }

  private var frames: [Frame] = []
  /// Write strings of several lines as literal blocks (`|`), as people write scripts, instead of
  /// one double-quoted line. Off for Kubernetes objects (`YAMLReader` reads only the quoted form);
  /// on for CI files, whose `run:` scripts people review.
  public var literalBlocks = false
  /// The open slot: nil at the root, else whether it was opened by a dash, and its indentation.
  private var slot: (isItem: Bool, indent: Int)? = nil

  public init(capacity: Int = 1024) {
    bytes.reserveCapacity(capacity)
    frames.reserveCapacity(8)
  }

  /// The document's bytes, in a buffer of exactly their size (artifacts keep them for the whole run).
  public func finished() -> [UInt8] {
    precondition(frames.isEmpty, "YAMLBuilder: a collection is still open")
    return bytes.count * 4 < bytes.capacity * 3 ? Array(bytes[...]) : bytes
  }

  // MARK: Slots

  /// Starts a map entry: writes `key:` at the map's indentation (quoting the key when needed).
  public mutating func key(_ key: String) {
    openEntry()
    YAMLWriter.writeString(key, into: &bytes)
    bytes.append(UInt8(ascii: ":"))
  }

  /// Starts a map entry whose key is a literal that needs no quoting (every field name of the kinds
  /// Paved emits): copied as is, without the quoting check `key(_: String)` makes.
  public mutating func key(_ key: StaticString) {
    assert(YAMLQuoting.isPlainSafe(key.description), "YAMLBuilder: literal key '\(key)' needs quoting; use key(_: String)")
    openEntry()
    bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    bytes.append(UInt8(ascii: ":"))
  }

  private mutating func openEntry() {
    let top = frames.count - 1
    precondition(top >= 0 && !frames[top].isList, "YAMLBuilder: key outside a map")
    let frame = frames[top]
    if frame.count == 0 && frame.inline {
      bytes.append(YAMLWriter.space)
    } else {
      if frame.count == 0 && frame.header { bytes.append(YAMLWriter.newline) }
      YAMLWriter.pad(frame.indent, &bytes)
    }
    frames[top].count += 1
    slot = (false, frame.indent)
  }

  /// Starts a list item: writes `-` at the list's indentation.
  public mutating func item() {
    let top = frames.count - 1
    precondition(top >= 0 && frames[top].isList, "YAMLBuilder: item outside a list")
    let frame = frames[top]
    if frame.count == 0 && frame.header { bytes.append(YAMLWriter.newline) }
    YAMLWriter.pad(frame.indent, &bytes)
    bytes.append(UInt8(ascii: "-"))
    frames[top].count += 1
    slot = (true, frame.indent)
  }

  // MARK: Values

  public mutating func string(_ s: String) {
    if literalBlocks, Self.fitsLiteralBlock(s) {
      literal(s)
      return
    }
    openScalar()
    YAMLWriter.writeString(s, into: &bytes)
    bytes.append(YAMLWriter.newline)
  }

  /// Writes `s` as a literal block scalar: `|` (one final newline kept) or `|-` (none), then each
  /// line indented two more than the slot. Callers check `fitsLiteralBlock` first.
  private mutating func literal(_ s: String) {
    let indent = (slot?.indent ?? -2) + 2
    openScalar()
    let keepsNewline = s.hasSuffix("\n")
    bytes.append(contentsOf: (keepsNewline ? "|" : "|-").utf8)
    bytes.append(YAMLWriter.newline)
    let body = keepsNewline ? s.dropLast() : Substring(s)
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
      if !line.isEmpty {
        YAMLWriter.pad(indent, &bytes)
        bytes.append(contentsOf: line.utf8)
      }
      bytes.append(YAMLWriter.newline)
    }
  }

  /// Whether a literal block reads back as exactly `s`: several lines, at most one final newline,
  /// no control characters but newlines, no line ending in a space, and a first line that does not
  /// start with a space (the block's indentation is taken from it).
  static func fitsLiteralBlock(_ s: String) -> Bool {
    guard s.contains("\n"), !s.hasSuffix("\n\n"), !s.hasPrefix(" "), !s.hasPrefix("\n") else { return false }
    var previous: Unicode.Scalar = "\n"
    for c in s.unicodeScalars {
      if c == "\n" && previous == " " { return false }
      if c != "\n"
        && (c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFEFF)
      {
        return false
      }
      previous = c
    }
    return previous != " "
  }

  public mutating func int(_ i: Int) {
    openScalar()
    bytes.append(contentsOf: String(i).utf8)
    bytes.append(YAMLWriter.newline)
  }

  public mutating func bool(_ b: Bool) {
    openScalar()
    bytes.append(contentsOf: (b ? "true" : "false").utf8)
    bytes.append(YAMLWriter.newline)
  }

  public mutating func null() {
    openScalar()
    bytes.append(contentsOf: "null".utf8)
    bytes.append(YAMLWriter.newline)
  }

  public mutating func beginMap() { open(isList: false) }
  public mutating func beginList() { open(isList: true) }

  /// Closes the innermost map or list (writing `{}` / `[]` when it stayed empty).
  public mutating func end() {
    guard let frame = frames.popLast() else { preconditionFailure("YAMLBuilder: end without begin") }
    guard frame.count == 0 else { return }
    if frame.header { bytes.append(YAMLWriter.space) }
    bytes.append(contentsOf: (frame.isList ? "[]" : "{}").utf8)
    bytes.append(YAMLWriter.newline)
  }

  /// Writes a whole tree into the open slot.
  public mutating func value(_ value: KValue) {
    switch value {
    case .string(let s): string(s)
    case .int(let i): int(i)
    case .bool(let b): bool(b)
    case .null: null()
    case .map(let m):
      beginMap()
      for (k, v) in m.entries {
        key(k)
        self.value(v)
      }
      end()
    case .list(let l):
      beginList()
      for v in l {
        item()
        self.value(v)
      }
      end()
    }
  }

  private mutating func openScalar() {
    if slot != nil { bytes.append(YAMLWriter.space) }
    slot = nil
  }

  private mutating func open(isList: Bool) {
    guard let s = slot else {
      frames.append(Frame(isList: isList, indent: 0, inline: false, header: false))
      return
    }
    slot = nil
    frames.append(Frame(isList: isList, indent: s.indent + 2, inline: s.isItem && !isList, header: true))
  }
}

extension YAMLBuilder {
  /// `key: value` with a key made at run time (label keys, `requests.<resource>`), quoted when needed.
  public mutating func entry(_ k: String, _ v: String) {
    key(k)
    string(v)
  }

  /// `key: value` with a string value.
  public mutating func field(_ k: StaticString, _ v: String) {
    key(k)
    string(v)
  }

  public mutating func field(_ k: StaticString, _ v: Int) {
    key(k)
    int(v)
  }

  public mutating func field(_ k: StaticString, _ v: Bool) {
    key(k)
    bool(v)
  }

  /// `key:` followed by a tree.
  public mutating func field(_ k: StaticString, _ v: KValue) {
    key(k)
    value(v)
  }

  /// `key:` followed by the map `body` writes.
  public mutating func map(_ k: StaticString, _ body: (inout YAMLBuilder) -> Void) {
    key(k)
    beginMap()
    body(&self)
    end()
  }

  /// `key:` followed by the list `body` writes.
  public mutating func list(_ k: StaticString, _ body: (inout YAMLBuilder) -> Void) {
    key(k)
    beginList()
    body(&self)
    end()
  }

  /// `key:` followed by a list of strings.
  public mutating func strings(_ k: StaticString, _ items: [String]) {
    key(k)
    beginList()
    for s in items {
      item()
      string(s)
    }
    end()
  }

  /// `key:` followed by a map of string pairs, in the given order.
  public mutating func pairs(_ k: StaticString, _ pairs: [(String, String)]) {
    key(k)
    beginMap()
    for (name, v) in pairs { entry(name, v) }
    end()
  }

  /// A list item holding the map `body` writes.
  public mutating func mapItem(_ body: (inout YAMLBuilder) -> Void) {
    item()
    beginMap()
    body(&self)
    end()
  }

  /// A list item holding a string.
  public mutating func item(_ s: String) {
    item()
    string(s)
  }
}

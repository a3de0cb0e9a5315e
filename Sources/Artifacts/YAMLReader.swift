/// Reads back exactly the YAML that `YAMLWriter` / `YAMLBuilder` write, into a `KValue` tree.
///
/// Emitted artifacts keep only their bytes; the few consumers that need an object's fields (plans of
/// changed objects, policies, the Kueue checks) read them with this. It is not a YAML parser: it
/// accepts the writer's layout only and throws on anything else. Plain scalars are typed the way the
/// writer writes them: `null`, `true`/`false`, canonical integers; every other plain scalar is a string
/// (the writer quotes any string a YAML reader could take for something else).
public enum YAMLReader {
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "byte \(offset): \(reason)" }
  }

  public static func read(_ bytes: [UInt8]) throws(Failure) -> KValue {
    try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
      var cursor = Cursor(bytes: buffer)
      let value = try cursor.document()
      guard cursor.position == buffer.count else { throw cursor.failure("text after the document") }
      return value
    }
  }
}

private struct Cursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  static let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), dash = UInt8(ascii: "-")
  static let colon = UInt8(ascii: ":"), quote = UInt8(ascii: "\"")

  func failure(_ reason: String) -> YAMLReader.Failure { .init(offset: position, reason: reason) }

  var atEnd: Bool { position >= bytes.count }
  func peek(_ offset: Int = 0) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }

  mutating func document() throws(YAMLReader.Failure) -> KValue {
    if let collection = try emptyCollection() {
      try expect(Self.newline)
      return collection
    }
    if peek() == Self.dash, peek(1) == Self.space || peek(1) == Self.newline { return try list(indent: 0) }
    if try lineIsEntry() { return try map(indent: 0, inlineFirst: false) }
    let value = try scalar()
    try expect(Self.newline)
    return value
  }

  /// `{}` or `[]` at the cursor.
  mutating func emptyCollection() throws(YAMLReader.Failure) -> KValue? {
    if peek() == UInt8(ascii: "{") && peek(1) == UInt8(ascii: "}") {
      position += 2
      return .map(KMap())
    }
    if peek() == UInt8(ascii: "[") && peek(1) == UInt8(ascii: "]") {
      position += 2
      return .list([])
    }
    return nil
  }

  /// Whether the text at the cursor is `key:` rather than a scalar (plain scalars never hold `: `
  /// nor end in `:`; quoted ones are keys only when a `:` follows the closing quote).
  func lineIsEntry() throws(YAMLReader.Failure) -> Bool {
    var probe = self
    if peek() == Self.quote {
      _ = try probe.quoted()
      return probe.peek() == Self.colon
    }
    while let b = probe.peek(), b != Self.newline {
      if b == Self.colon, probe.peek(1) == Self.space || probe.peek(1) == Self.newline { return true }
      probe.position += 1
    }
    return false
  }

  /// Spaces at the start of the line at the cursor (without moving).
  func indentation() -> Int {
    var n = 0
    while position + n < bytes.count, bytes[position + n] == Self.space { n += 1 }
    return n
  }

  mutating func map(indent: Int, inlineFirst: Bool) throws(YAMLReader.Failure) -> KValue {
    var entries: [(key: String, value: KValue)] = []
    var first = inlineFirst
    while !atEnd {
      if !first {
        guard indentation() == indent, peek(indent) != Self.dash else { break }
        position += indent
      }
      first = false
      let key = try self.key()
      try expect(Self.colon)
      entries.append((key, try child(indent: indent)))
    }
    if entries.isEmpty { throw failure("an empty block map") }
    return .map(KMap(entries))
  }

  mutating func list(indent: Int) throws(YAMLReader.Failure) -> KValue {
    var items: [KValue] = []
    while !atEnd, indentation() == indent, peek(indent) == Self.dash {
      position += indent + 1
      if peek() == Self.newline {
        position += 1
        guard indentation() == indent + 2, peek(indent + 2) == Self.dash else { throw failure("a nested list expected") }
        items.append(try list(indent: indent + 2))
        continue
      }
      try expect(Self.space)
      if let collection = try emptyCollection() {
        try expect(Self.newline)
        items.append(collection)
      } else if try lineIsEntry() {
        items.append(try map(indent: indent + 2, inlineFirst: true))
      } else {
        items.append(try scalar())
        try expect(Self.newline)
      }
    }
    return .list(items)
  }

  /// What follows `key:`: ` scalar`, ` {}`/` []`, or a block on the next lines.
  mutating func child(indent: Int) throws(YAMLReader.Failure) -> KValue {
    if peek() == Self.newline {
      position += 1
      let inner = indent + 2
      guard indentation() == inner else { throw failure("a nested block expected at indentation \(inner)") }
      return peek(inner) == Self.dash ? try list(indent: inner) : try map(indent: inner, inlineFirst: false)
    }
    try expect(Self.space)
    if let collection = try emptyCollection() {
      try expect(Self.newline)
      return collection
    }
    let value = try scalar()
    try expect(Self.newline)
    return value
  }

  mutating func key() throws(YAMLReader.Failure) -> String {
    if peek() == Self.quote { return try quoted() }
    let start = position
    while let b = peek(), b != Self.newline {
      if b == Self.colon, peek(1) == Self.space || peek(1) == Self.newline { break }
      position += 1
    }
    guard position > start else { throw failure("an empty key") }
    guard YAMLQuoting.isPlainSafe(UnsafeBufferPointer(rebasing: bytes[start..<position])) else {
      throw YAMLReader.Failure(offset: start, reason: "a plain key the writer would have quoted")
    }
    return text(start..<position)
  }

  /// A scalar up to the end of its line.
  mutating func scalar() throws(YAMLReader.Failure) -> KValue {
    if peek() == Self.quote { return .string(try quoted()) }
    let start = position
    while let b = peek(), b != Self.newline { position += 1 }
    guard position > start else { throw failure("an empty scalar") }
    let plain = text(start..<position)
    switch plain {
    case "null": return .null
    case "true": return .bool(true)
    case "false": return .bool(false)
    default:
      if let first = plain.utf8.first, first == Cursor.dash || (first >= 48 && first <= 57), let i = Int(plain), String(i) == plain {
        return .int(i)
      }
      guard YAMLQuoting.isPlainSafe(UnsafeBufferPointer(rebasing: bytes[start..<position])) else {
        throw YAMLReader.Failure(offset: start, reason: "a plain scalar the writer would have quoted")
      }
      return .string(plain)
    }
  }

  /// A double-quoted string with the writer's escapes.
  mutating func quoted() throws(YAMLReader.Failure) -> String {
    try expect(Self.quote)
    var out: [UInt8] = []
    while true {
      guard let b = peek(), b != Self.newline else { throw failure("an unterminated quoted string") }
      position += 1
      if b == Self.quote { break }
      guard b == UInt8(ascii: "\\") else {
        out.append(b)
        continue
      }
      guard let e = peek() else { throw failure("an escape at the end") }
      position += 1
      switch e {
      case Self.quote: out.append(Self.quote)
      case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "n"): out.append(Self.newline)
      case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
      case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
      case UInt8(ascii: "u"):
        guard position + 4 <= bytes.count, let code = UInt32(text(position..<position + 4), radix: 16),
          let scalar = Unicode.Scalar(code)
        else { throw failure("a bad \\u escape") }
        position += 4
        out.append(contentsOf: String(Character(scalar)).utf8)
      default: throw failure("an unknown escape \\\(Character(Unicode.Scalar(e)))")
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  mutating func expect(_ b: UInt8) throws(YAMLReader.Failure) {
    guard peek() == b else { throw failure("expected '\(Character(Unicode.Scalar(b)))'") }
    position += 1
  }

  func text(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }
}

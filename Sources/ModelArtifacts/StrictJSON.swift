import Diagnostics

/// A parsed JSON value that keeps object keys in document order and numbers as their source text
/// (so 64-bit integers never pass through `Double`).
public enum JSONValue: Equatable, Sendable {
  case object([(key: String, value: JSONValue, offset: Int)])
  case array([JSONValue])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    case (.array(let a), .array(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.null, .null): true
    default: false
    }
  }

  /// The value as a non-negative integer that fits `UInt64`, or `nil` (negative, fractional,
  /// exponent, too large, or not a number).
  public var unsignedInteger: UInt64? {
    guard case .number(let text) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    return UInt64(text)
  }

  /// A short name of the value's kind, for messages.
  public var kind: String {
    switch self {
    case .object: "object"
    case .array: "array"
    case .string: "string"
    case .number: "number"
    case .bool: "boolean"
    case .null: "null"
    }
  }
}

extension JSONValue {
  /// The value of `key` when this is an object that has it (keys are unique: the parser rejects duplicates).
  public subscript(key: String) -> JSONValue? {
    guard case .object(let entries) = self else { return nil }
    return entries.first { $0.key == key }?.value
  }

  /// The string, when this is one.
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The elements, when this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  /// Whether this is an object.
  public var isObject: Bool {
    if case .object = self { return true }
    return false
  }
}

/// Public entry to the strict parser, for the other readers (MLflow signatures, metrics.json,
/// signature bundles) that must treat their JSON as hostile.
public enum StrictJSON {
  /// The codes a reader's JSON problems carry: one for a duplicate key, one for anything else.
  public struct Codes: Sendable {
    public let invalid: DiagnosticCode
    public let duplicateKey: DiagnosticCode
    public init(invalid: DiagnosticCode, duplicateKey: DiagnosticCode) {
      self.invalid = invalid
      self.duplicateKey = duplicateKey
    }
    /// `artifact.<area>.invalid-json` and `artifact.<area>.duplicate-key`.
    public static func artifact(_ area: ArtifactArea) -> Codes {
      Codes(invalid: DiagnosticCode(area, .invalidJSON), duplicateKey: DiagnosticCode(area, .duplicateKey))
    }
  }

  /// Parses one JSON document; throws a `Diagnostic` with one of `codes`, located by byte offset.
  public static func parse(_ bytes: [UInt8], file: String, codes: Codes) throws -> JSONValue {
    var parser = StrictJSONParser(bytes: bytes, baseOffset: 0, codes: codes, file: file)
    return try parser.parseDocument()
  }
}

/// A strict RFC 8259 parser for untrusted headers: rejects duplicate object keys, invalid
/// UTF-8, unescaped control characters, lone surrogates and nesting deeper than `maxDepth`.
/// Errors carry `baseOffset + index` so they point into the enclosing file.
struct StrictJSONParser {
  private let bytes: [UInt8]
  private var index = 0
  private let baseOffset: UInt64
  private let codes: StrictJSON.Codes
  private let file: String
  private let maxDepth: Int

  init(bytes: [UInt8], baseOffset: UInt64, codes: StrictJSON.Codes, file: String, maxDepth: Int = 64) {
    self.bytes = bytes
    self.baseOffset = baseOffset
    self.codes = codes
    self.file = file
    self.maxDepth = maxDepth
  }

  /// Parses one value followed only by JSON whitespace.
  mutating func parseDocument() throws -> JSONValue {
    skipWhitespace()
    let value = try parseValue(depth: 0)
    skipWhitespace()
    guard index == bytes.count else { throw fail("trailing characters after the JSON value") }
    return value
  }

  private func fail(_ message: String, duplicateKey: Bool = false, at position: Int? = nil) -> Diagnostic {
    .error(duplicateKey ? codes.duplicateKey : codes.invalid, message, inBinaryFile: file, offset: baseOffset + UInt64(position ?? index))
  }

  private mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private mutating func parseValue(depth: Int) throws -> JSONValue {
    guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
    guard index < bytes.count else { throw fail("unexpected end of JSON") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    default: return try parseNumber()
    }
  }

  private mutating func expectLiteral(_ literal: String) throws {
    for byte in literal.utf8 {
      guard index < bytes.count, bytes[index] == byte else { throw fail("invalid literal") }
      index += 1
    }
  }

  private mutating func parseObject(depth: Int) throws -> JSONValue {
    index += 1
    var members: [(key: String, value: JSONValue, offset: Int)] = []
    var seen = Set<String>()
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      let keyOffset = index
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
      let key = try parseString()
      guard seen.insert(key).inserted else {
        throw fail("duplicate key \"\(key)\"", duplicateKey: true, at: keyOffset)
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
      index += 1
      skipWhitespace()
      let value = try parseValue(depth: depth + 1)
      members.append((key, value, keyOffset))
      skipWhitespace()
      guard index < bytes.count else { throw fail("unterminated object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      throw fail("expected ',' or '}'")
    }
  }

  private mutating func parseArray(depth: Int) throws -> JSONValue {
    index += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw fail("unterminated array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      throw fail("expected ',' or ']'")
    }
  }

  private mutating func parseHex4() throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[index]
      let digit: UInt32
      switch c {
      case 0x30...0x39: digit = UInt32(c - 0x30)
      case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
      default: throw fail("invalid hex digit in \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  private mutating func parseString() throws -> String {
    let startOffset = index
    index += 1
    var out: [UInt8] = []
    while true {
      guard index < bytes.count else { throw fail("unterminated string", at: startOffset) }
      let c = bytes[index]
      index += 1
      if c == UInt8(ascii: "\"") { break }
      if c < 0x20 { throw fail("unescaped control character in string", at: index - 1) }
      guard c == UInt8(ascii: "\\") else {
        out.append(c)
        continue
      }
      guard index < bytes.count else { throw fail("unterminated escape") }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try parseHex4()
        if (0xD800..<0xDC00).contains(scalar) {
          guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
          else { throw fail("lone high surrogate") }
          index += 2
          let low = try parseHex4()
          guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid low surrogate") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
          throw fail("lone low surrogate")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
        out.append(contentsOf: Array(String(Character(unicode)).utf8))
      default: throw fail("invalid escape sequence")
      }
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw fail("string is not valid UTF-8", at: startOffset)
    }
    return text
  }

  private mutating func parseNumber() throws -> JSONValue {
    let begin = index
    func digits() -> Int {
      let s = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - s
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count else { throw fail("invalid number", at: begin) }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      guard digits() > 0 else { throw fail("invalid value", at: begin) }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw fail("invalid fraction", at: begin) }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { throw fail("invalid exponent", at: begin) }
    }
    guard index - begin <= 64 else { throw fail("number literal too long", at: begin) }
    return .number(String(decoding: bytes[begin..<index], as: UTF8.self))
  }
}

import Diagnostics
import TextEscaping

/// Byte-exact edits of a YAML file at the positions its located tree gives, so a tool can change a
/// value and keep every comment, key order, quote and space around it (a re-dump would lose them).
public enum TextEdits {
  /// Replace the bytes of `range` (an empty range inserts) with `replacement`.
  public struct Edit: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var replacement: String

    public init(start: Int, end: Int, replacement: String) {
      self.start = start
      self.end = end
      self.replacement = replacement
    }
  }

  /// Maps the loader's positions (1-based lines, columns in Unicode scalars, after a byte-order
  /// mark) to byte offsets in the file's bytes.
  public struct Positions: Sendable {
    public let bytes: [UInt8]
    let lineStarts: [Int]
    let bom: Int

    public init(_ bytes: [UInt8]) {
      self.bytes = bytes
      bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
      var starts = [bom]
      for i in bom..<bytes.count where bytes[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
      lineStarts = starts
    }

    /// The byte offset of `location`, or nil when it is outside the file.
    public func offset(_ location: SourceLocation) -> Int? {
      guard location.line >= 1, location.line <= lineStarts.count, location.column >= 1 else { return nil }
      var i = lineStarts[location.line - 1]
      var column = 1
      while column < location.column {
        guard i < bytes.count else { return nil }
        let b = bytes[i]
        i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
        column += 1
      }
      return min(i, bytes.count)
    }

    /// The offset of the start of `line` (1-based), or the end of the file past the last line.
    public func lineStart(_ line: Int) -> Int { line - 1 < lineStarts.count ? lineStarts[line - 1] : bytes.count }
  }

  /// `bytes` with `edits` applied; nil when two edits overlap or one is out of range.
  public static func apply(_ edits: [Edit], to bytes: [UInt8]) -> [UInt8]? {
    let sorted = edits.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 256)
    var at = 0
    for edit in sorted {
      guard edit.start >= at, edit.end >= edit.start, edit.end <= bytes.count else { return nil }
      out += bytes[at..<edit.start]
      out += Array(edit.replacement.utf8)
      at = edit.end
    }
    out += bytes[at...]
    return out
  }

  /// `text` as a scalar written the way `style` writes (double or single quotes stay; plain stays
  /// plain when the text reads back as the same string, else it is double-quoted).
  public static func scalar(_ text: String, like style: LocatedNode.ScalarStyle) -> String {
    switch style {
    case .singleQuoted: return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    case .plain where isPlainSafe(text): return text
    default: return doubleQuoted(text)
    }
  }

  /// A YAML double-quoted scalar. Not JSON's quoting: YAML also needs escapes for what it does not
  /// count as printable (DEL, the C1 controls, the byte-order mark) and for what YAML 1.1 readers
  /// take as line breaks (NEL, U+2028, U+2029).
  public static func doubleQuoted(_ text: String) -> String { doubleQuotedEscapes.quoted(text) }

  private static let doubleQuotedEscapes = ScalarEscapes(
    ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\t": "\\t"],
    otherwise: { v in
      if v < 0x20 || (0x7F...0x9F).contains(v) { return ScalarEscapes.hex("\\x", v, digits: 2) }
      return v == 0x2028 || v == 0x2029 || v == 0xFEFF ? ScalarEscapes.hex("\\u", v, digits: 4) : nil
    })

  /// Plain when made of letters, digits and `-_./:@+` (no ": ", no " #"), starting with a letter or
  /// digit, and not a word YAML 1.1 reads as a boolean or null.
  static func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
    let allowed = text.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./:@+".unicodeScalars.contains($0))
    }
    guard allowed, !text.hasSuffix(":") else { return false }
    return !["y", "yes", "n", "no", "true", "false", "on", "off", "null"].contains(text.lowercased())
  }
}

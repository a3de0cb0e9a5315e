/// A direct, deterministic YAML writer for `KValue` trees (block style, two-space indent).
///
/// Generic emitters (libyaml) are too slow for tens of thousands of objects; this writes bytes
/// directly and quotes every string that a YAML 1.1 or 1.2 reader could take for anything else.
public enum YAMLWriter {
  /// The YAML text of one document (no `---` marker), ending in a newline.
  ///
  /// Layout: block style with two-space indentation; a list under `key:` is indented by two; a map
  /// that is a list item has its first entry on the dash line; empty collections are `{}` and `[]`.
  /// This is `YAMLBuilder` driven by the tree, so emitters that write bytes directly agree with it.
  public static func render(_ value: KValue) -> [UInt8] {
    var builder = YAMLBuilder(capacity: 2048)
    builder.value(value)
    return builder.finished()
  }

  static let newline = UInt8(ascii: "\n")
  static let space = UInt8(ascii: " ")

  /// Appends `n` spaces (no lazily initialised global: this runs once per line written).
  @inline(__always)
  static func pad(_ n: Int, _ out: inout [UInt8]) {
    out.append(contentsOf: repeatElement(space, count: n))
  }

  /// Writes a string plain when unambiguous, else double-quoted with escapes.
  static func writeString(_ s: String, into out: inout [UInt8]) {
    var copy = s
    copy.withUTF8 { bytes in
      if YAMLQuoting.isPlainSafe(bytes) {
        out.append(contentsOf: bytes)
      } else {
        writeQuoted(bytes, into: &out)
      }
    }
  }

  /// Double-quoted, escaping quotes, backslashes, control characters (C0, DEL, C1) and the
  /// characters YAML readers treat as breaks or byte-order marks (U+2028, U+2029, U+FEFF).
  /// Works on UTF-8 bytes: runs of ordinary bytes are copied at once.
  static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var runStart = 0
    var i = 0
    func flush(_ end: Int) {
      if end > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end])) }
    }
    while i < bytes.count {
      let b = bytes[i]
      var escape: StaticString? = nil
      var code: UInt32? = nil
      var width = 1
      switch b {
      case UInt8(ascii: "\""): escape = "\\\""
      case UInt8(ascii: "\\"): escape = "\\\\"
      case UInt8(ascii: "\n"): escape = "\\n"
      case UInt8(ascii: "\t"): escape = "\\t"
      case UInt8(ascii: "\r"): escape = "\\r"
      case 0..<0x20, 0x7F: code = UInt32(b)
      case 0xC2 where i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]):
        code = UInt32(bytes[i + 1])
        width = 2
      case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
        code = 0x2000 + (UInt32(bytes[i + 2]) - 0x80)
        width = 3
      case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF:
        code = 0xFEFF
        width = 3
      default: break
      }
      if escape == nil && code == nil {
        i += 1
        continue
      }
      flush(i)
      if let escape {
        out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
      } else if let code {
        out.append(contentsOf: "\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
          let digit = UInt8((code >> UInt32(shift)) & 0xF)
          out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10)
        }
      }
      i += width
      runStart = i
    }
    flush(bytes.count)
    out.append(UInt8(ascii: "\""))
  }
}

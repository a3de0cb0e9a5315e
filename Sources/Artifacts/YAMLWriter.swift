/// A direct, deterministic YAML writer for `KValue` trees (block style, two-space indent).
///
/// Generic emitters (libyaml) are too slow for tens of thousands of objects; this writes bytes
/// directly and quotes every string that a YAML 1.1 or 1.2 reader could take for anything else.
public enum YAMLWriter {
  /// The YAML text of one document (no `---` marker), ending in a newline.
  public static func render(_ value: KValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(2048)
    write(value, into: &out)
    // Every artifact keeps its bytes for the whole run: hand back an exactly sized copy rather than
    // a half-empty growth buffer (a third of the bytes on typical manifests).
    return out.count * 4 < out.capacity * 3 ? Array(out[...]) : out
  }

  /// Appends the YAML text of `value` to `out`.
  public static func write(_ value: KValue, into out: inout [UInt8]) {
    switch value {
    case .map(let m) where !m.isEmpty:
      writeMap(m, indent: 0, into: &out)
    case .list(let l) where !l.isEmpty:
      writeList(l, indent: 0, into: &out)
    default:
      writeScalar(value, into: &out)
      out.append(newline)
    }
  }

  static let newline = UInt8(ascii: "\n")
  static let space = UInt8(ascii: " ")

  /// Appends `n` spaces (no lazily initialised global: this runs once per line written).
  static func pad(_ n: Int, _ out: inout [UInt8]) {
    out.append(contentsOf: repeatElement(space, count: n))
  }

  static func writeMap(_ map: KMap, indent: Int, into out: inout [UInt8]) {
    for (key, value) in map.entries {
      pad(indent, &out)
      writeString(key, into: &out)
      out.append(UInt8(ascii: ":"))
      writeChild(value, indent: indent, into: &out)
    }
  }

  static func writeList(_ list: [KValue], indent: Int, into out: inout [UInt8]) {
    for item in list {
      pad(indent, &out)
      out.append(UInt8(ascii: "-"))
      switch item {
      case .map(let m) where !m.isEmpty:
        // First entry on the dash line, the rest aligned under it.
        out.append(space)
        var first = true
        for (key, value) in m.entries {
          if !first { pad(indent + 2, &out) }
          first = false
          writeString(key, into: &out)
          out.append(UInt8(ascii: ":"))
          writeChild(value, indent: indent + 2, into: &out)
        }
      case .list(let l) where !l.isEmpty:
        out.append(newline)
        writeList(l, indent: indent + 2, into: &out)
      default:
        out.append(space)
        writeScalar(item, into: &out)
        out.append(newline)
      }
    }
  }

  /// Writes what follows `key:`: an inline scalar, or a nested block on the next lines.
  static func writeChild(_ value: KValue, indent: Int, into out: inout [UInt8]) {
    switch value {
    case .map(let m) where !m.isEmpty:
      out.append(newline)
      writeMap(m, indent: indent + 2, into: &out)
    case .list(let l) where !l.isEmpty:
      out.append(newline)
      writeList(l, indent: indent + 2, into: &out)
    default:
      out.append(space)
      writeScalar(value, into: &out)
      out.append(newline)
    }
  }

  static func writeScalar(_ value: KValue, into out: inout [UInt8]) {
    switch value {
    case .string(let s): writeString(s, into: &out)
    case .int(let i): out.append(contentsOf: String(i).utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "null".utf8)
    case .map: out.append(contentsOf: "{}".utf8)
    case .list: out.append(contentsOf: "[]".utf8)
    }
  }

  /// Writes a string plain when unambiguous, else double-quoted with escapes.
  static func writeString(_ s: String, into out: inout [UInt8]) {
    var copy = s
    let plain = copy.withUTF8 { bytes -> Bool in
      guard YAMLQuoting.isPlainSafe(bytes) else { return false }
      out.append(contentsOf: bytes)
      return true
    }
    if plain { return }
    out.append(UInt8(ascii: "\""))
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append(contentsOf: "\\\"".utf8)
      case "\\": out.append(contentsOf: "\\\\".utf8)
      case "\n": out.append(contentsOf: "\\n".utf8)
      case "\t": out.append(contentsOf: "\\t".utf8)
      case "\r": out.append(contentsOf: "\\r".utf8)
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
          || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029
        {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).utf8)
        } else {
          out.append(contentsOf: String(scalar).utf8)
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

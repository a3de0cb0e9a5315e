/// JSON string literals, written the one way every Paved JSON output writes them (plans, policy
/// results, drift reports): `"` and `\` escaped, the usual short escapes for newline, carriage
/// return and tab, `\u00XX` for other control characters, and U+2028/U+2029 escaped so the text
/// is also safe to embed in JavaScript. Everything else is written as is (UTF-8).
public enum JSONString {
  /// `s` as a JSON string literal, quotes included.
  public static func quote(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

import TextEscaping

/// JSON string literals, written the one way every Paved JSON output writes them (plans, policy
/// results, drift reports): `"` and `\` escaped, the usual short escapes for newline, carriage
/// return and tab, `\u00XX` for other control characters, and U+2028/U+2029 escaped so the text
/// is also safe to embed in JavaScript. Everything else is written as is (UTF-8).
public enum JSONString {
  private static let escapes = ScalarEscapes(
    ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u{2028}": "\\u2028", "\u{2029}": "\\u2029"],
    otherwise: { $0 < 0x20 ? ScalarEscapes.hex("\\u", $0, digits: 4) : nil })

  /// `s` as a JSON string literal, quotes included.
  public static func quote(_ s: String) -> String { escapes.quoted(s) }
}

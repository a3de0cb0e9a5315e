import Foundation
import TextEscaping

/// Number and value rendering shared by `string()`, `format()` and error messages.
enum Format {
  /// Decimal digits and decimal-point position of the shortest round-trip representation.
  static func shortestDigits(_ value: Double) -> (digits: [UInt8], pointPosition: Int) {
    let text = "\(abs(value))"
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var point = 0
    var seenPoint = false
    for c in mantissa.utf8 {
      if c == UInt8(ascii: ".") {
        seenPoint = true
        continue
      }
      digits.append(c - 48)
      if !seenPoint { point += 1 }
    }
    while let first = digits.first, first == 0, digits.count > 1 {
      digits.removeFirst()
      point -= 1
    }
    while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
    if digits == [0] { return ([0], 1) }
    return (digits, point + exponent)
  }

  /// Go's `strconv.FormatFloat(d, 'g', -1, 64)`.
  static func goShortest(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let sign = value.sign == .minus ? "-" : ""
    if value == 0 { return sign + "0" }
    let (digits, point) = shortestDigits(value)
    let text = digits.map { String($0) }.joined()
    let exponent = point - 1
    if exponent < -4 || exponent >= 21 {
      var mantissa = String(text.prefix(1))
      if digits.count > 1 { mantissa += "." + text.dropFirst() }
      let expText = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + expText
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
    if point >= digits.count { return sign + text + String(repeating: "0", count: point - digits.count) }
    return sign + text.prefix(point) + "." + text.dropFirst(point)
  }

  /// A double as `%s` renders it.
  static func display(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    return goShortest(value)
  }

  /// `%s` rendering; nil for values that cannot be formatted.
  static func display(_ value: CELValue) -> String? {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .uint(let u): return String(u)
    case .double(let d): return display(d)
    case .string(let s): return s
    case .bytes(let b): return String(decoding: b, as: UTF8.self)
    case .timestamp(let t): return t.description
    case .duration(let d): return d.description
    case .type(let t): return t.name
    case .quantity(let q): return q.text
    case .ip(let ip): return ip.description
    case .cidr(let cidr): return cidr.description
    case .object(let object): return object.description
    case .list(let items):
      var parts: [String] = []
      for item in items {
        guard let text = display(item) else { return nil }
        parts.append(text)
      }
      return "[" + parts.joined(separator: ", ") + "]"
    case .map(let map):
      var parts: [(String, String)] = []
      for (key, item) in zip(map.keys, map.values) {
        guard let k = display(key), let v = display(item) else { return nil }
        parts.append((k, v))
      }
      return "{" + parts.sorted { $0.0 < $1.0 }.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
    case .optional(let inner):
      guard let inner else { return "optional.none()" }
      return display(inner).map { "optional.of(\($0))" }
    case .error: return nil
    }
  }

  /// CEL-syntax string literal with escapes (`strings.quote`).
  static func quote(_ s: String) -> String { quoteEscapes.quoted(s) }

  private static let quoteEscapes = ScalarEscapes(
    ["\u{07}": "\\a", "\u{08}": "\\b", "\u{0C}": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u{0B}": "\\v", "\\": "\\\\", "\"": "\\\""],
    otherwise: { $0 < 0x20 || $0 == 0x7F ? ScalarEscapes.hex("\\x", $0, digits: 2) : nil })
}

extension CELValue: CustomStringConvertible {
  /// A readable rendering (strings unquoted inside `%s`-style output).
  public var description: String {
    switch self {
    case .string(let s): return Format.quote(s)
    case .bytes(let b): return "b\"" + b.map { String(format: "\\x%02x", $0) }.joined() + "\""
    case .uint(let u): return "\(u)u"
    case .error(let e): return "error(\(e.message))"
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .map(let map):
      return "{"
        + zip(map.keys, map.values).map { "\($0.0.description): \($0.1.description)" }
        .joined(separator: ", ") + "}"
    case .optional(let inner): return inner.map { "optional.of(\($0))" } ?? "optional.none()"
    default: return Format.display(self) ?? "?"
    }
  }
}

/// CEL source text for values written into expressions by other modules (e.g. admission policies).
public enum CELSyntax {
  /// `s` as a double-quoted CEL string literal, escaped as `strings.quote` escapes it.
  public static func stringLiteral(_ s: String) -> String { Format.quote(s) }
}

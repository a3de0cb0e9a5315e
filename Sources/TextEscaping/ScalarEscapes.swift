/// One way of writing a string through a format's escapes, Unicode scalar by Unicode scalar: the JSON
/// writer, CEL's `strings.quote`, YAML double-quoted scalars and the JUnit report's XML text each give
/// their own table, and share the loop.
///
/// ASCII is looked up in a 128-entry array built once, so the common case costs an index and a
/// branch; only scalars beyond ASCII ask the format's rule.
public struct ScalarEscapes: Sendable {
  private let ascii: [String?]
  /// Per byte value: an ASCII byte with no escape (a string of only these is written as it is).
  private let plain: [Bool]
  private let named: [Unicode.Scalar: String]
  private let rule: @Sendable (UInt32) -> String?

  /// `named`: the escapes of single scalars (`"\n": "\\n"`). `otherwise`: the escape of any other scalar,
  /// by its value, or nil where the scalar stands as it is.
  public init(_ named: [Unicode.Scalar: String], otherwise: @escaping @Sendable (UInt32) -> String? = { _ in nil }) {
    self.named = named
    self.rule = otherwise
    ascii = (0..<128).map { value in
      // A named escape wins over the rule: `\n` rather than `\x0a`.
      named[Unicode.Scalar(UInt8(value))] ?? otherwise(UInt32(value))
    }
    plain = (0..<256).map { [ascii] value in value < 128 && ascii[value] == nil }
  }

  /// `text` with every scalar that has an escape replaced by it.
  public func escaped(_ text: String) -> String {
    var out = ""
    append(text, to: &out)
    return out
  }

  /// `text` escaped between two `quote`s.
  public func quoted(_ text: String, by quote: String = "\"") -> String {
    var out = quote
    out.reserveCapacity(text.utf8.count + 2 * quote.utf8.count)
    append(text, to: &out)
    return out + quote
  }

  private func append(_ text: String, to out: inout String) {
    // Most text has nothing to escape: one pass over its bytes, then one copy.
    let isPlain = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { plain[Int($0)] } } ?? false
    if isPlain {
      out += text
      return
    }
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if let escape = value < 128 ? ascii[Int(value)] : (named[scalar] ?? rule(value)) {
        out += escape
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }

  /// `prefix` and `value` in lower-case hex, zero-padded to `digits` (`\x07`, `\u2028`).
  public static func hex(_ prefix: String, _ value: UInt32, digits: Int) -> String {
    let hex = String(value, radix: 16)
    return prefix + String(repeating: "0", count: max(0, digits - hex.count)) + hex
  }
}

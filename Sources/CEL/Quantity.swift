import Foundation

/// A Kubernetes resource quantity (`500m`, `2Gi`, `1.5e3`), held as an exact decimal.
public struct CELQuantity: Sendable, Hashable, CustomStringConvertible {
  /// The exact value.
  public let value: Decimal
  /// The text the quantity was parsed from (or a canonical rendering for computed values).
  public let text: String

  /// Parses Kubernetes quantity syntax; nil when invalid.
  public init?(parsing text: String) {
    guard let value = CELQuantity.parse(text) else { return nil }
    self.value = value
    self.text = text
  }

  init(value: Decimal) {
    self.value = value
    self.text = "\(value)"
  }

  /// The original text.
  public var description: String { text }

  /// -1, 0 or 1.
  public var sign: Int64 { value.isZero ? 0 : (value < 0 ? -1 : 1) }

  /// Compares values: -1, 0 or 1.
  public func compare(_ other: CELQuantity) -> Int64 {
    value == other.value ? 0 : (value < other.value ? -1 : 1)
  }

  /// The value as an Int64 when it is integral and in range.
  public var integerValue: Int64? {
    var rounded = Decimal()
    var copy = value
    NSDecimalRound(&rounded, &copy, 0, .down)
    guard rounded == value else { return nil }
    guard rounded >= Decimal(Int64.min), rounded <= Decimal(Int64.max) else { return nil }
    return Int64(NSDecimalNumber(decimal: rounded).stringValue)
  }

  /// The nearest double.
  public var approximateDouble: Double { Double(NSDecimalNumber(decimal: value).stringValue) ?? .nan }

  private static let decimalSuffixes: [String: Int] = [
    "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
  ]
  private static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]

  private static func parse(_ text: String) -> Decimal? {
    let scalars = Array(text.unicodeScalars)
    var i = 0
    var negative = false
    if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" {
      negative = scalars[i] == "-"
      i += 1
    }
    var digits = ""
    var sawDigit = false
    var sawDot = false
    while i < scalars.count {
      let c = scalars[i]
      if c >= "0" && c <= "9" {
        sawDigit = true
      } else if c == "." && !sawDot {
        sawDot = true
      } else {
        break
      }
      digits.unicodeScalars.append(c)
      i += 1
    }
    guard sawDigit else { return nil }
    let suffix = String(String.UnicodeScalarView(scalars[i...]))
    if digits.hasPrefix(".") { digits = "0" + digits }
    if digits.hasSuffix(".") { digits += "0" }
    guard var number = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
    if negative { number = -number }
    if let exponent = decimalSuffixes[suffix] {
      return exponent == 0 ? number : number * Decimal(sign: .plus, exponent: exponent, significand: 1)
    }
    if let power = binarySuffixes[suffix] {
      return number * Decimal(UInt64(1) << UInt64(power))
    }
    if let first = suffix.first, first == "e" || first == "E" {
      let rest = suffix.dropFirst()
      guard let exponent = Int(rest), !rest.isEmpty, abs(exponent) <= 100 else { return nil }
      return number * Decimal(sign: .plus, exponent: exponent, significand: 1)
    }
    return nil
  }
}

import Foundation
import QuantitySyntax

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

  /// The exact value of a quantity's text (its grammar: `QuantityParts`, shared with the compiler).
  private static func parse(_ text: String) -> Decimal? {
    guard let parts = QuantityParts.parse(text) else { return nil }
    var digits = String(decoding: parts.digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    if parts.fractionDigits > 0 {
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -parts.fractionDigits))
    }
    guard var number = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
    if parts.negative { number = -number }
    switch parts.scale {
    case .decimal(let exponent):
      return exponent == 0 ? number : number * Decimal(sign: .plus, exponent: exponent, significand: 1)
    case .binary(let power):
      return number * Decimal(UInt64(1) << UInt64(power))
    }
  }
}

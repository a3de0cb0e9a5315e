import QuantitySyntax

/// A Kubernetes resource quantity (`200`, `500m`, `800Gi`, `1.5`, `2e3`), parsed exactly.
///
/// The value is kept in thousandths of a unit (milli-units) so CPU millicores and byte counts
/// both compare and add exactly; quantities beyond ~9.2e15 units are rejected as too large.
///
/// Two quantities are `==` when they are written the same: `1` and `1000m` are the same amount
/// (compare `milliValue`) but render differently, and what a manifest carries is the text.
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
  /// The text as written, which is what manifests carry.
  public let text: String
  public let milliValue: Int64

  /// Parses `text`; nil when it is not a valid quantity or is out of range.
  public init?(_ text: String) {
    guard let milli = Quantity.parseMilli(text) else { return nil }
    self.text = text
    self.milliValue = milli
  }

  private init(text: String, milliValue: Int64) {
    self.text = text
    self.milliValue = milliValue
  }

  /// A quantity this module writes itself (`fromMilli`), whose text and value agree by
  /// construction; `QuantityTests` parses what it writes back.
  init(written text: String, milliValue: Int64) {
    self.init(text: text, milliValue: milliValue)
  }

  public var description: String { text }

  /// Zero units.
  public static let zero = Quantity(text: "0", milliValue: 0)

  /// The value in milli-units of a quantity's text (its grammar: `QuantityParts`); nil when it is
  /// not one or does not fit.
  static func parseMilli(_ text: String) -> Int64? {
    guard let parts = QuantityParts.parse(text) else { return nil }
    let digits = parts.digits
    let negative = parts.negative
    var exponent = -parts.fractionDigits + 3  // milli-units
    var multiplier: Int64 = 1
    switch parts.scale {
    case .binary(let power): multiplier = Int64(1) << power
    case .decimal(let e): exponent += e
    }
    // value = digits × 10^exponent × multiplier, computed exactly; fractions of a milli-unit round up.
    var value: Int64 = 0
    for d in digits {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(d))
      if o1 || o2 { return nil }
      value = a
    }
    if exponent >= 0 {
      for _ in 0..<exponent {
        let (m, o) = value.multipliedReportingOverflow(by: 10)
        if o { return nil }
        value = m
      }
      let (m, o) = value.multipliedReportingOverflow(by: multiplier)
      if o { return nil }
      value = m
    } else {
      let (m, o) = value.multipliedReportingOverflow(by: multiplier)
      if o { return nil }
      var divisor: Int64 = 1
      for _ in 0..<(-exponent) {
        let (d, o2) = divisor.multipliedReportingOverflow(by: 10)
        if o2 { return value == 0 ? 0 : 1 }
        divisor = d
      }
      value = m / divisor + (m % divisor == 0 ? 0 : 1)
    }
    return negative ? -value : value
  }
}

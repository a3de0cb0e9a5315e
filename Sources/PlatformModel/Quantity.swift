/// A Kubernetes resource quantity (`200`, `500m`, `800Gi`, `1.5`, `2e3`), parsed exactly.
///
/// The value is kept in thousandths of a unit (milli-units) so CPU millicores and byte counts
/// both compare and add exactly; quantities beyond ~9.2e15 units are rejected as too large.
public struct Quantity: Sendable, Equatable, Comparable, CustomStringConvertible {
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

  public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.milliValue < rhs.milliValue }
  public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.milliValue == rhs.milliValue }

  static let binary: [String: Int64] = [
    "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "Pi": 1 << 50, "Ei": 1 << 60,
  ]
  static let decimalExponent: [String: Int] = ["n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18]

  static func parseMilli(_ text: String) -> Int64? {
    let scalars = Array(text.utf8)
    guard !scalars.isEmpty, scalars.count <= 64 else { return nil }
    var i = 0
    var negative = false
    if scalars[i] == UInt8(ascii: "+") || scalars[i] == UInt8(ascii: "-") {
      negative = scalars[i] == UInt8(ascii: "-")
      i += 1
    }
    var digits: [UInt8] = []
    var fractionDigits = 0
    var seenPoint = false
    while i < scalars.count {
      let c = scalars[i]
      if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
        digits.append(c - UInt8(ascii: "0"))
        if seenPoint { fractionDigits += 1 }
      } else if c == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else {
        break
      }
      i += 1
    }
    guard !digits.isEmpty else { return nil }
    let suffix = String(decoding: scalars[i...], as: UTF8.self)
    var exponent = -fractionDigits + 3  // milli-units
    var multiplier: Int64 = 1
    if let factor = binary[suffix] {
      multiplier = factor
    } else if let e = decimalExponent[suffix] {
      exponent += e
    } else if let first = suffix.first, first == "e" || first == "E", let e = Int(suffix.dropFirst()), abs(e) <= 30 {
      exponent += e
    } else {
      return nil
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

/// Overflow-checked arithmetic on untrusted numbers. Every helper returns `nil` on overflow
/// (or a negative/unrepresentable result) instead of trapping.
enum Checked {
  /// `a * b`, or `nil` on overflow.
  static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : value
  }

  /// `a + b`, or `nil` on overflow.
  static func add(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (value, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : value
  }

  /// The product of all values, or `nil` on overflow. The empty product is 1.
  static func product(_ values: [UInt64]) -> UInt64? {
    var result: UInt64 = 1
    for value in values {
      guard let next = multiply(result, value) else { return nil }
      result = next
    }
    return result
  }

  /// `value` as `Int`, or `nil` when it does not fit.
  static func int(_ value: UInt64) -> Int? { value <= UInt64(Int.max) ? Int(value) : nil }
}

import Foundation

/// A CEL duration: total nanoseconds split as seconds plus nanos in 0 ..< 1e9 (floored), within ±10,000 years.
public struct CELDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Floored whole seconds.
  public let seconds: Int64
  /// Nanoseconds added to `seconds`, 0 ..< 1_000_000_000.
  public let nanos: Int32

  static let maxSeconds: Int64 = 315_576_000_000

  /// Creates a duration, or nil when out of the CEL range.
  public init?(seconds: Int64, nanos: Int64 = 0) {
    let (carry, rest) = CELTimestamp.floorDivide(nanos, 1_000_000_000)
    let (s, overflow) = seconds.addingReportingOverflow(carry)
    guard !overflow else { return nil }
    guard s >= -Self.maxSeconds && s <= Self.maxSeconds else { return nil }
    self.seconds = s
    self.nanos = Int32(rest)
  }

  /// Orders by length.
  public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool {
    (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
  }

  /// Whether the duration is negative.
  var isNegative: Bool { seconds < 0 }

  /// Truncated (toward zero) whole seconds and the signed nanosecond remainder.
  var truncated: (seconds: Int64, nanos: Int64) {
    if seconds < 0 && nanos > 0 { return (seconds + 1, Int64(nanos) - 1_000_000_000) }
    return (seconds, Int64(nanos))
  }

  /// The negated duration.
  var negated: CELDuration? { CELDuration(seconds: -seconds, nanos: -Int64(nanos)) }

  /// Seconds with a trimmed fraction and an `s` suffix, e.g. `1.5s`.
  public var description: String {
    let (s, n) = truncated
    var text = (s == 0 && n < 0) ? "-0" : String(s)
    if n != 0 {
      var fraction = String(format: "%09lld", abs(n))
      while fraction.hasSuffix("0") { fraction.removeLast() }
      text += "." + fraction
    }
    return text + "s"
  }

  /// Parses Go duration syntax: `-1h30m`, `1.5s`, `300ms`, `2us`, `10ns`.
  static func parse(_ text: String) -> CELDuration? {
    var scalars = Array(text.unicodeScalars)
    var negative = false
    if let first = scalars.first, first == "-" || first == "+" {
      negative = first == "-"
      scalars.removeFirst()
    }
    if scalars == ["0"] { return CELDuration(seconds: 0) }
    guard !scalars.isEmpty else { return nil }
    var seconds: Int64 = 0
    var nanos: Double = 0
    var i = 0
    while i < scalars.count {
      var whole: Int64 = 0
      var fraction = 0.0
      var scale = 0.1
      var sawDigit = false
      while i < scalars.count, let digit = scalars[i].properties.numericType != nil ? Int64(String(scalars[i])) : nil {
        let (m, o1) = whole.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(digit)
        guard !o1 && !o2 else { return nil }
        whole = a
        sawDigit = true
        i += 1
      }
      if i < scalars.count && scalars[i] == "." {
        i += 1
        while i < scalars.count, let digit = Int(String(scalars[i])), scalars[i].isASCII {
          fraction += Double(digit) * scale
          scale /= 10
          sawDigit = true
          i += 1
        }
      }
      guard sawDigit else { return nil }
      var unit = ""
      while i < scalars.count, !(scalars[i].isASCII && (scalars[i].properties.numericType != nil || scalars[i] == ".")) {
        unit.unicodeScalars.append(scalars[i])
        i += 1
      }
      let perUnit: Int64
      switch unit {
      case "ns": perUnit = 1
      case "us", "µs", "μs": perUnit = 1_000
      case "ms": perUnit = 1_000_000
      case "s": perUnit = 1_000_000_000
      case "m": perUnit = 60_000_000_000
      case "h": perUnit = 3_600_000_000_000
      default: return nil
      }
      if perUnit >= 1_000_000_000 {
        let (product, overflow) = whole.multipliedReportingOverflow(by: perUnit / 1_000_000_000)
        guard !overflow else { return nil }
        let (sum, o2) = seconds.addingReportingOverflow(product)
        guard !o2 else { return nil }
        seconds = sum
      } else {
        let unitsPerSecond = 1_000_000_000 / perUnit
        seconds += whole / unitsPerSecond
        nanos += Double(whole % unitsPerSecond * perUnit)
      }
      nanos += fraction * Double(perUnit)
    }
    let extraSeconds = (nanos / 1e9).rounded(.down)
    guard abs(extraSeconds) < 1e15 else { return nil }
    let (total, overflow) = seconds.addingReportingOverflow(Int64(extraSeconds))
    guard !overflow else { return nil }
    let remainder = Int64((nanos - extraSeconds * 1e9).rounded())
    if negative { return CELDuration(seconds: -total, nanos: -remainder) }
    return CELDuration(seconds: total, nanos: remainder)
  }
}

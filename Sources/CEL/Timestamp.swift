import Foundation

/// A CEL timestamp: seconds since the Unix epoch plus nanoseconds, in 0001-01-01 ... 9999-12-31 UTC.
public struct CELTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Whole seconds since 1970-01-01T00:00:00Z (may be negative).
  public let seconds: Int64
  /// Nanoseconds within the second, 0 ..< 1_000_000_000.
  public let nanos: Int32

  static let minSeconds: Int64 = -62_135_596_800
  static let maxSeconds: Int64 = 253_402_300_799

  /// Creates a timestamp, or nil when out of the CEL range.
  public init?(seconds: Int64, nanos: Int32 = 0) {
    var s = seconds
    var n = Int64(nanos)
    if n < 0 || n >= 1_000_000_000 {
      s += n / 1_000_000_000
      n %= 1_000_000_000
      if n < 0 {
        n += 1_000_000_000
        s -= 1
      }
    }
    guard s >= Self.minSeconds && s <= Self.maxSeconds else { return nil }
    self.seconds = s
    self.nanos = Int32(n)
  }

  /// Creates a timestamp from a Foundation date (microsecond precision), or nil when out of range.
  public init?(_ date: Date) {
    let interval = date.timeIntervalSince1970
    let whole = interval.rounded(.down)
    guard whole.isFinite, abs(whole) < 1e12 else { return nil }
    self.init(seconds: Int64(whole), nanos: Int32(((interval - whole) * 1e9).rounded()))
  }

  /// Orders by instant.
  public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
    (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
  }

  /// RFC 3339 in UTC with trailing fractional zeros removed.
  public var description: String {
    let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
    let (year, month, day) = Civil.fromDays(days)
    var text = String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
      Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60), Int(secondOfDay % 60))
    if nanos > 0 {
      var fraction = String(format: "%09d", Int(nanos))
      while fraction.hasSuffix("0") { fraction.removeLast() }
      text += "." + fraction
    }
    return text + "Z"
  }

  static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
    var q = a / b
    var r = a % b
    if r < 0 {
      r += b
      q -= 1
    }
    return (q, r)
  }

  /// Parses RFC 3339 (`2009-02-13T23:31:30.5Z`, `...+01:00`).
  static func parse(_ text: String) -> CELTimestamp? {
    let s = Array(text.utf8)
    var i = 0
    func number(_ width: Int) -> Int64? {
      guard i + width <= s.count else { return nil }
      var value: Int64 = 0
      for c in s[i..<(i + width)] {
        guard c >= 48 && c <= 57 else { return nil }
        value = value * 10 + Int64(c - 48)
      }
      i += width
      return value
    }
    func expect(_ options: String) -> Bool {
      guard i < s.count, options.utf8.contains(s[i]) else { return false }
      i += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
      expect("Tt"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
      let second = number(2)
    else { return nil }
    var nanos: Int64 = 0
    if i < s.count && s[i] == UInt8(ascii: ".") {
      i += 1
      var digits = 0
      while i < s.count, s[i] >= 48, s[i] <= 57 {
        if digits < 9 { nanos = nanos * 10 + Int64(s[i] - 48) }
        digits += 1
        i += 1
      }
      guard digits > 0 else { return nil }
      var scale = digits
      while scale < 9 {
        nanos *= 10
        scale += 1
      }
    }
    var offset: Int64 = 0
    if expect("Zz") {
    } else if i < s.count && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) {
      let sign: Int64 = s[i] == UInt8(ascii: "-") ? -1 : 1
      i += 1
      guard let oh = number(2), expect(":"), let om = number(2) else { return nil }
      offset = sign * (oh * 3600 + om * 60)
    } else {
      return nil
    }
    guard i == s.count, (1...12).contains(month), (1...Civil.daysIn(month: month, year: year)).contains(day),
      hour < 24, minute < 60, second < 61
    else { return nil }
    let days = Civil.toDays(year: year, month: month, day: day)
    return CELTimestamp(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos: Int32(nanos))
  }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms).
enum Civil {
  static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

import Foundation

/// Timestamp and duration arithmetic and accessors.
enum Time {
  static func add(_ t: CELTimestamp, _ d: CELDuration) -> CELValue {
    let (seconds, overflow) = t.seconds.addingReportingOverflow(d.seconds)
    guard !overflow, let result = CELTimestamp(seconds: seconds, nanos: t.nanos &+ d.nanos) else {
      return .err("timestamp out of range")
    }
    return .timestamp(result)
  }

  /// Offset from UTC in seconds for a zone name (`UTC`, `+05:30`, `-02:00`, `America/New_York`).
  static func offset(_ zone: String, at t: CELTimestamp) -> Int64? {
    let scalars = Array(zone.unicodeScalars)
    if let first = scalars.first, first == "+" || first == "-" || (first >= "0" && first <= "9") {
      let sign: Int64 = first == "-" ? -1 : 1
      let body = first == "+" || first == "-" ? String(zone.dropFirst()) : zone
      let parts = body.split(separator: ":")
      guard parts.count == 2, let h = Int64(parts[0]), let m = Int64(parts[1]), h < 24, m < 60 else { return nil }
      return sign * (h * 3600 + m * 60)
    }
    if zone == "UTC" || zone == "Z" { return 0 }
    guard let timeZone = TimeZone(identifier: zone) else { return nil }
    return Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t.seconds))))
  }

  static func component(_ name: String, _ t: CELTimestamp, zone: String?) -> CELValue {
    var offset: Int64 = 0
    if let zone {
      guard let found = Time.offset(zone, at: t) else { return .err("invalid time zone '\(zone)'") }
      offset = found
    }
    let local = t.seconds + offset
    let (days, secondOfDay) = CELTimestamp.floorDivide(local, 86_400)
    let (year, month, day) = Civil.fromDays(days)
    switch name {
    case "getFullYear": return .int(year)
    case "getMonth": return .int(month - 1)
    case "getDate": return .int(day)
    case "getDayOfMonth": return .int(day - 1)
    case "getDayOfYear": return .int(days - Civil.toDays(year: year, month: 1, day: 1))
    case "getDayOfWeek": return .int(CELTimestamp.floorDivide(days + 4, 7).1)
    case "getHours": return .int(secondOfDay / 3600)
    case "getMinutes": return .int(secondOfDay % 3600 / 60)
    case "getSeconds": return .int(secondOfDay % 60)
    case "getMilliseconds": return .int(Int64(t.nanos) / 1_000_000)
    default: return .err("unknown accessor \(name)")
    }
  }

  static func durationComponent(_ name: String, _ d: CELDuration) -> CELValue {
    let (seconds, nanos) = d.truncated
    switch name {
    case "getHours": return .int(seconds / 3600)
    case "getMinutes": return .int(seconds / 60)
    case "getSeconds": return .int(seconds)
    case "getMilliseconds": return .int(nanos / 1_000_000)
    default: return .noOverload(name, .duration(d))
    }
  }
}

extension Builtin {
  static func registerTime(_ r: inout Registry) {
    let names = [
      "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfYear", "getDayOfWeek", "getHours",
      "getMinutes", "getSeconds", "getMilliseconds",
    ]
    for name in names {
      r.add1(name) { a, _ in
        switch a {
        case .timestamp(let t): return Time.component(name, t, zone: nil)
        case .duration(let d): return Time.durationComponent(name, d)
        default: return .noOverload(name, a)
        }
      }
      r.add2(name) { a, b, _ in
        guard case .timestamp(let t) = a, case .string(let zone) = b else { return .noOverload(name, a, b) }
        return Time.component(name, t, zone: zone)
      }
    }
  }
}

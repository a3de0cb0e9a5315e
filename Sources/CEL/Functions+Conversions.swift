import Foundation

extension Builtin {
  static func registerConversions(_ r: inout Registry) {
    r.add1("dyn") { a, _ in a }
    r.add1("type") { a, _ in .type(a.celType) }
    r.add1("int") { a, _ in toInt(a) }
    r.add1("uint") { a, _ in toUint(a) }
    r.add1("double") { a, _ in
      switch a {
      case .double: return a
      case .int(let i): return .double(Double(i))
      case .uint(let u): return .double(Double(u))
      case .string(let s): return parseDouble(s).map(CELValue.double) ?? .err("cannot convert '\(s)' to double")
      default: return .noOverload("double", a)
      }
    }
    r.add1("string") { a, _ in
      switch a {
      case .string: return a
      case .int(let i): return .string(String(i))
      case .uint(let u): return .string(String(u))
      case .double(let d): return .string(Format.goShortest(d))
      case .bool(let b): return .string(b ? "true" : "false")
      case .bytes(let b):
        guard let s = String(validating: b, as: UTF8.self) else { return .err("invalid UTF-8 in bytes") }
        return .string(s)
      case .timestamp(let t): return .string(t.description)
      case .duration(let d): return .string(d.description)
      case .type(let t): return .string(t.name)
      case .quantity(let q): return .string(q.text)
      case .ip(let ip): return .string(ip.description)
      case .cidr(let cidr): return .string(cidr.description)
      default: return .noOverload("string", a)
      }
    }
    r.add1("bytes") { a, _ in
      switch a {
      case .bytes: return a
      case .string(let s): return .bytes(Array(s.utf8))
      default: return .noOverload("bytes", a)
      }
    }
    r.add1("bool") { a, _ in
      switch a {
      case .bool: return a
      case .string(let s):
        switch s {
        case "1", "t", "true", "TRUE", "True": return .bool(true)
        case "0", "f", "false", "FALSE", "False": return .bool(false)
        default: return .err("cannot convert '\(s)' to bool")
        }
      default: return .noOverload("bool", a)
      }
    }
    r.add1("duration") { a, _ in
      switch a {
      case .duration: return a
      case .string(let s): return CELDuration.parse(s).map(CELValue.duration) ?? .err("invalid duration '\(s)'")
      case .int(let i): return CELDuration(seconds: 0, nanos: i).map(CELValue.duration) ?? .err("duration out of range")
      default: return .noOverload("duration", a)
      }
    }
    r.add1("timestamp") { a, _ in
      switch a {
      case .timestamp: return a
      case .string(let s): return CELTimestamp.parse(s).map(CELValue.timestamp) ?? .err("invalid timestamp '\(s)'")
      case .int(let i): return CELTimestamp(seconds: i).map(CELValue.timestamp) ?? .err("timestamp out of range")
      default: return .noOverload("timestamp", a)
      }
    }
  }

  static func parseDouble(_ s: String) -> Double? {
    switch s {
    case "NaN", "nan": return .nan
    case "Infinity", "+Infinity", "Inf", "+Inf", "inf", "+inf": return .infinity
    case "-Infinity", "-Inf", "-inf": return -.infinity
    default:
      guard !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.isASCII && "0123456789+-.eE".unicodeScalars.contains($0) })
      else { return nil }
      return Double(s)
    }
  }

  static func toInt(_ a: CELValue) -> CELValue {
    switch a {
    case .int: return a
    case .uint(let u): return u <= UInt64(Int64.max) ? .int(Int64(u)) : .err("integer overflow")
    case .double(let d):
      guard d.isFinite, d > -9.223372036854775808e18, d < 9.223372036854775808e18 else {
        return .err("integer overflow")
      }
      return .int(Int64(d))
    case .string(let s): return Int64(s).map(CELValue.int) ?? .err("cannot convert '\(s)' to int")
    case .timestamp(let t): return .int(t.seconds)
    case .duration(let d):
      let (whole, overflow) = d.truncated.seconds.multipliedReportingOverflow(by: 1_000_000_000)
      let (total, overflow2) = whole.addingReportingOverflow(d.truncated.nanos)
      return overflow || overflow2 ? .err("integer overflow") : .int(total)
    default: return .noOverload("int", a)
    }
  }

  static func toUint(_ a: CELValue) -> CELValue {
    switch a {
    case .uint: return a
    case .int(let i): return i >= 0 ? .uint(UInt64(i)) : .err("unsigned integer overflow")
    case .double(let d):
      guard d.isFinite, d > -1, d < 1.8446744073709551616e19 else { return .err("unsigned integer overflow") }
      return .uint(UInt64(d))
    case .string(let s): return UInt64(s).map(CELValue.uint) ?? .err("cannot convert '\(s)' to uint")
    default: return .noOverload("uint", a)
    }
  }
}

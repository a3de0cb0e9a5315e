import Foundation

extension Format {
  /// The `string.format(list)` extension.
  static func printf(_ template: String, _ args: [CELValue]) -> CELValue {
    let s = Array(template.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    var argIndex = 0
    while i < s.count {
      let c = s[i]
      i += 1
      guard c == "%" else {
        out.append(c)
        continue
      }
      guard i < s.count else { return .err("format: trailing %") }
      if s[i] == "%" {
        out.append("%")
        i += 1
        continue
      }
      var precision: Int?
      if s[i] == "." {
        i += 1
        var digits = 0
        var sawDigit = false
        while i < s.count, let d = Int(String(s[i])), s[i].isASCII {
          digits = min(digits * 10 + d, 100_000)
          sawDigit = true
          i += 1
        }
        guard sawDigit else { return .err("format: missing precision") }
        guard digits <= 1000 else { return .err("format: precision too large") }
        precision = digits
      }
      guard i < s.count else { return .err("format: missing verb") }
      let verb = s[i]
      i += 1
      guard argIndex < args.count else { return .err("format: index \(argIndex) out of range") }
      let arg = args[argIndex]
      argIndex += 1
      let rendered: CELValue = clause(verb, precision, arg)
      guard case .string(let text) = rendered else { return rendered }
      out.append(contentsOf: text.unicodeScalars)
    }
    return .string(String(out))
  }

  private static func nonFinite(_ d: Double) -> String? {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    return nil
  }

  private static func clause(_ verb: Unicode.Scalar, _ precision: Int?, _ arg: CELValue) -> CELValue {
    switch verb {
    case "s":
      return display(arg).map(CELValue.string) ?? .err("format: unsupported value for %s")
    case "d":
      switch arg {
      case .int(let i): return .string(String(i))
      case .uint(let u): return .string(String(u))
      case .double(let d): return nonFinite(d).map(CELValue.string) ?? .err("format: %d requires an integer")
      default: return .err("format: %d requires an integer, got \(arg.celType.name)")
      }
    case "f", "e":
      let value: Double
      switch arg {
      case .int(let i): value = Double(i)
      case .uint(let u): value = Double(u)
      case .double(let d): value = d
      default: return .err("format: %\(verb) requires a number, got \(arg.celType.name)")
      }
      if let text = nonFinite(value) { return .string(text) }
      return .string(String(format: "%.\(precision ?? 6)\(verb)", value))
    case "x", "X":
      let upper = verb == "X"
      switch arg {
      case .int(let i):
        let text = String(i.magnitude, radix: 16, uppercase: upper)
        return .string(i < 0 ? "-" + text : text)
      case .uint(let u): return .string(String(u, radix: 16, uppercase: upper))
      case .string(let str): return .string(hex(Array(str.utf8), upper))
      case .bytes(let b): return .string(hex(b, upper))
      default: return .err("format: %x requires an integer, string or bytes")
      }
    case "o":
      switch arg {
      case .int(let i): return .string((i < 0 ? "-" : "") + String(i.magnitude, radix: 8))
      case .uint(let u): return .string(String(u, radix: 8))
      default: return .err("format: %o requires an integer")
      }
    case "b":
      switch arg {
      case .int(let i): return .string((i < 0 ? "-" : "") + String(i.magnitude, radix: 2))
      case .uint(let u): return .string(String(u, radix: 2))
      case .bool(let b): return .string(b ? "1" : "0")
      default: return .err("format: %b requires an integer or bool")
      }
    default:
      return .err("format: unrecognized verb %\(verb)")
    }
  }

  private static func hex(_ bytes: [UInt8], _ upper: Bool) -> String {
    bytes.map { String(format: upper ? "%02X" : "%02x", $0) }.joined()
  }
}

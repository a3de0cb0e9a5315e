import Foundation

extension Builtin {
  static func registerMath(_ r: inout Registry) {
    let extremum: @Sendable (String, Bool) -> FnN = { name, greatest in
      { args, _ in
        var values = args
        if args.count == 1, case .list(let items) = args[0] { values = items }
        guard var best = values.first else { return .err("\(name): no arguments") }
        for value in values {
          switch value {
          case .int, .uint, .double: break
          default: return .noOverload(name, value)
          }
          let ordering = CELValue.compareNumbers(value, best)
          if (greatest && ordering == .greater) || (!greatest && ordering == .less) { best = value }
        }
        return best
      }
    }
    r.variadic("math.greatest", extremum("math.greatest", true))
    r.variadic("math.least", extremum("math.least", false))
    let rounding: [(String, FloatingPointRoundingRule)] = [
      ("math.ceil", .up), ("math.floor", .down), ("math.round", .toNearestOrAwayFromZero), ("math.trunc", .towardZero),
    ]
    for (name, rule) in rounding {
      r.add1(name) { a, _ in
        guard case .double(let d) = a else { return .noOverload(name, a) }
        return .double(d.rounded(rule))
      }
    }
    r.add1("math.abs") { a, _ in
      switch a {
      case .int(let i): return i == Int64.min ? .err("integer overflow") : .int(abs(i))
      case .uint: return a
      case .double(let d): return .double(abs(d))
      default: return .noOverload("math.abs", a)
      }
    }
    r.add1("math.sign") { a, _ in
      switch a {
      case .int(let i): return .int(i.signum())
      case .uint(let u): return .uint(u == 0 ? 0 : 1)
      case .double(let d): return .double(d.isNaN ? d : (d > 0 ? 1 : (d < 0 ? -1 : 0)))
      default: return .noOverload("math.sign", a)
      }
    }
    let predicates: [(String, @Sendable (Double) -> Bool)] = [
      ("math.isInf", { $0.isInfinite }), ("math.isNaN", { $0.isNaN }), ("math.isFinite", { $0.isFinite }),
    ]
    for (name, test) in predicates {
      r.add1(name) { a, _ in
        guard case .double(let d) = a else { return .noOverload(name, a) }
        return .bool(test(d))
      }
    }
    r.add1("math.sqrt") { a, _ in
      switch a {
      case .int(let i): return .double(Double(i).squareRoot())
      case .uint(let u): return .double(Double(u).squareRoot())
      case .double(let d): return .double(d.squareRoot())
      default: return .noOverload("math.sqrt", a)
      }
    }
    let bitwise: [(String, @Sendable (UInt64, UInt64) -> UInt64)] = [
      ("math.bitAnd", { $0 & $1 }), ("math.bitOr", { $0 | $1 }), ("math.bitXor", { $0 ^ $1 }),
    ]
    for (name, op) in bitwise {
      r.add2(name) { a, b, _ in
        switch (a, b) {
        case (.int(let x), .int(let y)): return .int(Int64(bitPattern: op(UInt64(bitPattern: x), UInt64(bitPattern: y))))
        case (.uint(let x), .uint(let y)): return .uint(op(x, y))
        default: return .noOverload(name, a, b)
        }
      }
    }
    r.add1("math.bitNot") { a, _ in
      switch a {
      case .int(let x): return .int(~x)
      case .uint(let x): return .uint(~x)
      default: return .noOverload("math.bitNot", a)
      }
    }
    r.add2("math.bitShiftLeft") { a, b, _ in
      guard case .int(let n) = b else { return .noOverload("math.bitShiftLeft", a, b) }
      guard n >= 0 else { return .err("math.bitShiftLeft: negative offset") }
      switch a {
      case .int(let x): return .int(n >= 64 ? 0 : x << n)
      case .uint(let x): return .uint(n >= 64 ? 0 : x << n)
      default: return .noOverload("math.bitShiftLeft", a, b)
      }
    }
    r.add2("math.bitShiftRight") { a, b, _ in
      guard case .int(let n) = b else { return .noOverload("math.bitShiftRight", a, b) }
      guard n >= 0 else { return .err("math.bitShiftRight: negative offset") }
      switch a {
      case .int(let x): return .int(n >= 64 ? 0 : Int64(bitPattern: UInt64(bitPattern: x) >> UInt64(n)))
      case .uint(let x): return .uint(n >= 64 ? 0 : x >> n)
      default: return .noOverload("math.bitShiftRight", a, b)
      }
    }
  }
}

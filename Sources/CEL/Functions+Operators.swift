import Foundation

extension Builtin {
  static func registerOperators(_ r: inout Registry) {
    r.add2("_+_", add)
    r.add2("_-_", subtract)
    r.add2("_*_") { a, b, _ in
      switch (a, b) {
      case (.int(let x), .int(let y)):
        let (v, o) = x.multipliedReportingOverflow(by: y)
        return o ? .err("integer overflow") : .int(v)
      case (.uint(let x), .uint(let y)):
        let (v, o) = x.multipliedReportingOverflow(by: y)
        return o ? .err("unsigned integer overflow") : .uint(v)
      case (.double(let x), .double(let y)): return .double(x * y)
      default: return .noOverload("_*_", a, b)
      }
    }
    r.add2("_/_") { a, b, _ in
      switch (a, b) {
      case (.int(let x), .int(let y)):
        if y == 0 { return .err("division by zero") }
        let (v, o) = x.dividedReportingOverflow(by: y)
        return o ? .err("integer overflow") : .int(v)
      case (.uint(let x), .uint(let y)):
        return y == 0 ? .err("division by zero") : .uint(x / y)
      case (.double(let x), .double(let y)): return .double(x / y)
      default: return .noOverload("_/_", a, b)
      }
    }
    r.add2("_%_") { a, b, _ in
      switch (a, b) {
      case (.int(let x), .int(let y)):
        if y == 0 { return .err("modulus by zero") }
        let (v, o) = x.remainderReportingOverflow(dividingBy: y)
        return o ? .err("integer overflow") : .int(v)
      case (.uint(let x), .uint(let y)):
        return y == 0 ? .err("modulus by zero") : .uint(x % y)
      default: return .noOverload("_%_", a, b)
      }
    }
    r.add1("-_") { a, _ in
      switch a {
      case .int(let x): return x == Int64.min ? .err("integer overflow") : .int(-x)
      case .double(let x): return .double(-x)
      case .duration(let d): return d.negated.map(CELValue.duration) ?? .err("duration overflow")
      default: return .noOverload("-_", a)
      }
    }
    r.add1("!_") { a, _ in
      if case .bool(let b) = a { return .bool(!b) }
      return .noOverload("!_", a)
    }
    r.add2("_==_") { a, b, s in
      guard chargeEquality(a, &s) else { return EvalState.costError }
      return .bool(CELValue.celEquals(a, b))
    }
    r.add2("_!=_") { a, b, s in
      guard chargeEquality(a, &s) else { return EvalState.costError }
      return .bool(!CELValue.celEquals(a, b))
    }
    r.add2("_<_") { a, b, _ in relation("_<_", a, b) { $0 == .less } }
    r.add2("_<=_") { a, b, _ in relation("_<=_", a, b) { $0 == .less || $0 == .equal } }
    r.add2("_>_") { a, b, _ in relation("_>_", a, b) { $0 == .greater } }
    r.add2("_>=_") { a, b, _ in relation("_>=_", a, b) { $0 == .greater || $0 == .equal } }
    r.add2("@in") { a, b, s in
      switch b {
      case .list(let items):
        guard s.charge(items.count / 8) else { return EvalState.costError }
        return .bool(items.contains { CELValue.celEquals(a, $0) })
      case .map(let map): return .bool(map[a] != nil)
      default: return .noOverload("@in", a, b)
      }
    }
    r.add2("_[_]") { a, b, _ in index(a, b) }
    r.add2("_[?_]") { a, b, _ in optionalIndex(a, b) }
    r.add2("_?._") { a, b, _ in
      guard case .string(let field) = b else { return .noOverload("_?._", a, b) }
      return SelectNode.optionalSelect(a, .string(field))
    }
    r.add1("size") { a, _ in
      switch a {
      case .string(let s): return .int(Int64(s.unicodeScalars.count))
      case .bytes(let b): return .int(Int64(b.count))
      case .list(let l): return .int(Int64(l.count))
      case .map(let m): return .int(Int64(m.count))
      default: return .noOverload("size", a)
      }
    }
  }

  /// Aggregate equality is linear in size.
  @inline(__always) static func chargeEquality(_ a: CELValue, _ s: inout EvalState) -> Bool {
    switch a {
    case .list(let items): return s.charge(items.count / 8)
    case .map(let map): return s.charge(map.count / 8)
    default: return true
    }
  }

  @inline(__always) static func relation(
    _ name: String, _ a: CELValue, _ b: CELValue, _ test: (CELOrdering) -> Bool
  ) -> CELValue {
    let ordering = CELValue.compare(a, b)
    switch ordering {
    case .invalid: return .noOverload(name, a, b)
    case .unordered: return .bool(false)
    default: return .bool(test(ordering))
    }
  }

  static func add(_ a: CELValue, _ b: CELValue, _ s: inout EvalState) -> CELValue {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      let (v, o) = x.addingReportingOverflow(y)
      return o ? .err("integer overflow") : .int(v)
    case (.uint(let x), .uint(let y)):
      let (v, o) = x.addingReportingOverflow(y)
      return o ? .err("unsigned integer overflow") : .uint(v)
    case (.double(let x), .double(let y)): return .double(x + y)
    case (.string(let x), .string(let y)):
      guard chargeSize(x.utf8.count + y.utf8.count, &s) else { return EvalState.costError }
      return .string(x + y)
    case (.bytes(let x), .bytes(let y)):
      guard chargeSize(x.count + y.count, &s) else { return EvalState.costError }
      return .bytes(x + y)
    case (.list(let x), .list(let y)):
      guard chargeSize(x.count + y.count, &s) else { return EvalState.costError }
      return .list(x + y)
    case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
      return Time.add(t, d)
    case (.duration(let x), .duration(let y)):
      return CELDuration(seconds: x.seconds &+ y.seconds, nanos: Int64(x.nanos) + Int64(y.nanos))
        .map(CELValue.duration) ?? .err("duration overflow")
    case (.quantity(let x), .quantity(let y)): return .quantity(CELQuantity(value: x.value + y.value))
    default: return .noOverload("_+_", a, b)
    }
  }

  static func subtract(_ a: CELValue, _ b: CELValue, _ s: inout EvalState) -> CELValue {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      let (v, o) = x.subtractingReportingOverflow(y)
      return o ? .err("integer overflow") : .int(v)
    case (.uint(let x), .uint(let y)):
      let (v, o) = x.subtractingReportingOverflow(y)
      return o ? .err("unsigned integer overflow") : .uint(v)
    case (.double(let x), .double(let y)): return .double(x - y)
    case (.timestamp(let t), .duration(let d)):
      guard let negated = d.negated else { return .err("duration overflow") }
      return Time.add(t, negated)
    case (.timestamp(let x), .timestamp(let y)):
      let (whole, overflow) = (x.seconds - y.seconds).multipliedReportingOverflow(by: 1_000_000_000)
      guard !overflow, !whole.addingReportingOverflow(Int64(x.nanos) - Int64(y.nanos)).overflow else {
        return .err("duration out of range")
      }
      return CELDuration(seconds: x.seconds - y.seconds, nanos: Int64(x.nanos) - Int64(y.nanos))
        .map(CELValue.duration) ?? .err("duration overflow")
    case (.duration(let x), .duration(let y)):
      return CELDuration(seconds: x.seconds &- y.seconds, nanos: Int64(x.nanos) - Int64(y.nanos))
        .map(CELValue.duration) ?? .err("duration overflow")
    default: return .noOverload("_-_", a, b)
    }
  }

  /// Converts an index value to an Int (int, uint or integral double).
  static func indexValue(_ value: CELValue) -> Int? {
    switch value {
    case .int(let i): return Int(i)
    case .uint(let u): return u <= UInt64(Int.max) ? Int(u) : Int.max
    case .double(let d):
      guard d.rounded(.towardZero) == d, abs(d) < 9e18 else { return nil }
      return Int(d)
    default: return nil
    }
  }

  static func index(_ a: CELValue, _ b: CELValue) -> CELValue {
    switch a {
    case .list(let items):
      guard let i = indexValue(b) else { return .noOverload("_[_]", a, b) }
      guard i >= 0 && i < items.count else { return .err("index out of range: \(i)") }
      return items[i]
    case .map(let map):
      if let value = map[b] { return value }
      switch b {
      case .int, .uint, .double, .string, .bool: return .err("no such key: \(CELMapKey(b)?.text ?? "\(b)")" + map.keysHint)
      default: return .noOverload("_[_]", a, b)
      }
    case .optional(let inner):
      guard let inner else { return a }
      return optionalIndex(inner, b)
    default: return .noOverload("_[_]", a, b)
    }
  }

  static func optionalIndex(_ a: CELValue, _ b: CELValue) -> CELValue {
    switch a {
    case .list(let items):
      guard let i = indexValue(b) else { return .noOverload("_[?_]", a, b) }
      return .optional(i >= 0 && i < items.count ? items[i] : nil)
    case .map(let map):
      switch b {
      case .int, .uint, .double, .string, .bool: return .optional(map[b])
      default: return .noOverload("_[?_]", a, b)
      }
    case .optional(let inner):
      guard let inner else { return a }
      return optionalIndex(inner, b)
    default: return .noOverload("_[?_]", a, b)
    }
  }
}

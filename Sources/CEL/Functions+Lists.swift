import Foundation

extension Builtin {
  /// Kubernetes list library: `sum`, `min`, `max`, `isSorted` (`indexOf`/`lastIndexOf` live with strings).
  static func registerLists(_ r: inout Registry) {
    r.add1("sum") { a, _ in
      guard case .list(let items) = a else { return .noOverload("sum", a) }
      guard var total = items.first else { return .int(0) }
      var scratch = EvalState(globals: [], localCount: 0, initialCost: 0, limit: Int.max)
      for item in items.dropFirst() {
        total = add(total, item, &scratch)
        if case .error = total { return total }
      }
      switch total {
      case .int, .uint, .double, .duration: return total
      default: return .noOverload("sum", a)
      }
    }
    for (name, wantGreater) in [("min", false), ("max", true)] {
      r.add1(name) { a, _ in
        guard case .list(let items) = a else { return .noOverload(name, a) }
        guard var best = items.first else { return .err("\(name): empty list") }
        for item in items.dropFirst() {
          let ordering = CELValue.compare(item, best)
          if ordering == .invalid { return .noOverload(name, item, best) }
          if (wantGreater && ordering == .greater) || (!wantGreater && ordering == .less) { best = item }
        }
        return best
      }
    }
    r.add1("isSorted") { a, _ in
      guard case .list(let items) = a else { return .noOverload("isSorted", a) }
      for index in items.indices.dropFirst() {
        let ordering = CELValue.compare(items[index - 1], items[index])
        if ordering == .invalid { return .noOverload("isSorted", items[index - 1], items[index]) }
        if ordering == .greater { return .bool(false) }
      }
      return .bool(true)
    }
  }

  static func registerOptionals(_ r: inout Registry) {
    r.add1("optional.of") { a, _ in .optional(a) }
    r.addN("optional.none", arity: 0) { _, _ in .optional(nil) }
    r.add1("optional.ofNonZeroValue") { a, _ in .optional(isZeroValue(a) ? nil : a) }
    r.add1("hasValue") { a, _ in
      guard case .optional(let inner) = a else { return .noOverload("hasValue", a) }
      return .bool(inner != nil)
    }
    r.add1("value") { a, _ in
      guard case .optional(let inner) = a else { return .noOverload("value", a) }
      return inner ?? .err("optional.none() dereference")
    }
    r.add2("orValue") { a, b, _ in
      guard case .optional(let inner) = a else { return .noOverload("orValue", a, b) }
      return inner ?? b
    }
    r.add2("or") { a, b, _ in
      guard case .optional(let inner) = a, case .optional = b else { return .noOverload("or", a, b) }
      return inner == nil ? b : a
    }
  }

  static func isZeroValue(_ value: CELValue) -> Bool {
    switch value {
    case .null: return true
    case .bool(let b): return !b
    case .int(let i): return i == 0
    case .uint(let u): return u == 0
    case .double(let d): return d == 0
    case .string(let s): return s.isEmpty
    case .bytes(let b): return b.isEmpty
    case .list(let l): return l.isEmpty
    case .map(let m): return m.count == 0
    case .duration(let d): return d.seconds == 0 && d.nanos == 0
    case .timestamp(let t): return t.seconds == 0 && t.nanos == 0
    case .optional(let inner): return inner == nil
    default: return false
    }
  }
}

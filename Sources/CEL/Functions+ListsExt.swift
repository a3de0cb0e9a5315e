import Foundation

extension Builtin {
  /// cel-go `sets` and `lists` extensions.
  static func registerListExtensions(_ r: inout Registry) {
    r.add2("sets.contains") { a, b, s in
      guard case .list(let x) = a, case .list(let y) = b else { return .noOverload("sets.contains", a, b) }
      guard s.charge(x.count * y.count / 8) else { return EvalState.costError }
      return .bool(y.allSatisfy { e in x.contains { CELValue.celEquals($0, e) } })
    }
    r.add2("sets.equivalent") { a, b, s in
      guard case .list(let x) = a, case .list(let y) = b else { return .noOverload("sets.equivalent", a, b) }
      guard s.charge(x.count * y.count / 4) else { return EvalState.costError }
      return .bool(
        y.allSatisfy { e in x.contains { CELValue.celEquals($0, e) } }
          && x.allSatisfy { e in y.contains { CELValue.celEquals($0, e) } })
    }
    r.add2("sets.intersects") { a, b, s in
      guard case .list(let x) = a, case .list(let y) = b else { return .noOverload("sets.intersects", a, b) }
      guard s.charge(x.count * y.count / 8) else { return EvalState.costError }
      return .bool(y.contains { e in x.contains { CELValue.celEquals($0, e) } })
    }
    r.add1("lists.range") { a, s in
      guard case .int(let n) = a else { return .noOverload("lists.range", a) }
      guard n >= 0 else { return .err("lists.range: negative count") }
      guard s.charge(Int(min(n, 1 << 40)) / 8 + 1), n < 10_000_000 else { return EvalState.costError }
      return .list((0..<n).map(CELValue.int))
    }
    r.addN("slice", arity: 3) { args, _ in
      guard case .list(let items) = args[0], case .int(let start) = args[1], case .int(let end) = args[2] else {
        return .noOverload("slice", args[0], args[1], args[2])
      }
      guard start >= 0, end >= start, end <= items.count else { return .err("slice: index out of range") }
      return .list(Array(items[Int(start)..<Int(end)]))
    }
    r.add1("flatten") { a, s in flatten(a, depth: 1, &s) }
    r.add2("flatten") { a, b, s in
      guard case .int(let depth) = b, depth >= 0 else { return .noOverload("flatten", a, b) }
      return flatten(a, depth: Int(min(depth, 1000)), &s)
    }
    r.add1("distinct") { a, s in
      guard case .list(let items) = a else { return .noOverload("distinct", a) }
      guard s.charge(items.count * items.count / 64) else { return EvalState.costError }
      var out: [CELValue] = []
      for item in items where !out.contains(where: { CELValue.celEquals($0, item) }) { out.append(item) }
      return .list(out)
    }
    r.add1("sort") { a, s in
      guard case .list(let items) = a else { return .noOverload("sort", a) }
      guard s.charge(items.count) else { return EvalState.costError }
      for index in items.indices.dropFirst() where CELValue.compare(items[0], items[index]) == .invalid {
        return .noOverload("sort", items[0], items[index])
      }
      return .list(items.sorted { CELValue.compare($0, $1) == .less })
    }
  }

  static func flatten(_ value: CELValue, depth: Int, _ s: inout EvalState) -> CELValue {
    guard case .list(let items) = value else { return .noOverload("flatten", value) }
    guard s.charge(items.count / 8) else { return EvalState.costError }
    var out: [CELValue] = []
    for item in items {
      if depth > 0, case .list = item {
        let inner = flatten(item, depth: depth - 1, &s)
        guard case .list(let flat) = inner else { return inner }
        out.append(contentsOf: flat)
      } else {
        out.append(item)
      }
    }
    return .list(out)
  }
}

import Foundation

extension Builtin {
  /// Kubernetes regex (`find`, `findAll`) and quantity libraries.
  static func registerKubernetes(_ r: inout Registry) {
    r.add2("find") { a, b, s in
      guard case .string(let text) = a, case .string(let pattern) = b else { return .noOverload("find", a, b) }
      do {
        let regex = try RegexCache.shared.regex(pattern)
        guard s.charge(regex.cost(forInputLength: text.utf8.count)) else { return EvalState.costError }
        let scalars = Array(text.unicodeScalars)
        guard let range = regex.firstMatch(in: scalars, from: 0) else {
          return .string("")
        }
        return .string(String(String.UnicodeScalarView(scalars[range])))
      } catch {
        return .error((error as? CELEvalError) ?? CELEvalError("\(error)"))
      }
    }
    r.add2("findAll") { a, b, s in findAll(a, b, .int(-1), &s) }
    r.addN("findAll", arity: 3) { args, s in findAll(args[0], args[1], args[2], &s) }
    r.add1("base64.encode") { a, _ in
      guard case .bytes(let b) = a else { return .noOverload("base64.encode", a) }
      return .string(Data(b).base64EncodedString())
    }
    r.add1("base64.decode") { a, _ in
      guard case .string(var text) = a else { return .noOverload("base64.decode", a) }
      while text.utf8.count % 4 != 0 { text += "=" }
      guard let data = Data(base64Encoded: text) else { return .err("invalid base64") }
      return .bytes([UInt8](data))
    }
    r.add1("isQuantity") { a, _ in
      guard case .string(let text) = a else { return .noOverload("isQuantity", a) }
      return .bool(CELQuantity(parsing: text) != nil)
    }
    r.add1("quantity") { a, _ in
      guard case .string(let text) = a else { return .noOverload("quantity", a) }
      return CELQuantity(parsing: text).map(CELValue.quantity) ?? .err("invalid quantity '\(text)'")
    }
    r.add1("sign") { a, _ in
      guard case .quantity(let q) = a else { return .noOverload("sign", a) }
      return .int(q.sign)
    }
    r.add1("isInteger") { a, _ in
      guard case .quantity(let q) = a else { return .noOverload("isInteger", a) }
      return .bool(q.integerValue != nil)
    }
    r.add1("asInteger") { a, _ in
      guard case .quantity(let q) = a else { return .noOverload("asInteger", a) }
      return q.integerValue.map(CELValue.int) ?? .err("cannot convert quantity '\(q.text)' to an integer")
    }
    r.add1("asApproximateFloat") { a, _ in
      guard case .quantity(let q) = a else { return .noOverload("asApproximateFloat", a) }
      return .double(q.approximateDouble)
    }
    for (name, negate) in [("add", false), ("sub", true)] {
      r.add2(name) { a, b, _ in
        guard case .quantity(let q) = a else { return .noOverload(name, a, b) }
        let other: Decimal
        switch b {
        case .quantity(let x): other = x.value
        case .int(let i): other = Decimal(i)
        default: return .noOverload(name, a, b)
        }
        return .quantity(CELQuantity(value: negate ? q.value - other : q.value + other))
      }
    }
    r.add2("compareTo") { a, b, _ in
      compareObjects(a, b).map(CELValue.int) ?? .noOverload("compareTo", a, b)
    }
    r.add2("isLessThan") { a, b, _ in
      compareObjects(a, b).map { .bool($0 < 0) } ?? .noOverload("isLessThan", a, b)
    }
    r.add2("isGreaterThan") { a, b, _ in
      compareObjects(a, b).map { .bool($0 > 0) } ?? .noOverload("isGreaterThan", a, b)
    }
  }

  /// Quantity or semver ordering for `compareTo`, `isLessThan`, `isGreaterThan`.
  static func compareObjects(_ a: CELValue, _ b: CELValue) -> Int64? {
    switch (a, b) {
    case (.quantity(let x), .quantity(let y)): return x.compare(y)
    case (.object(.semver(let x)), .object(.semver(let y))): return x.compare(y)
    default: return nil
    }
  }

  static func findAll(_ a: CELValue, _ b: CELValue, _ c: CELValue, _ s: inout EvalState) -> CELValue {
    guard case .string(let text) = a, case .string(let pattern) = b, case .int(let limit) = c else {
      return .noOverload("findAll", a, b, c)
    }
    do {
      let regex = try RegexCache.shared.regex(pattern)
      guard s.charge(regex.cost(forInputLength: text.utf8.count)) else { return EvalState.costError }
      let scalars = Array(text.unicodeScalars)
      var results: [CELValue] = []
      var position = 0
      while limit < 0 || results.count < Int(limit), position <= scalars.count,
        let range = regex.firstMatch(in: scalars, from: position)
      {
        results.append(.string(String(String.UnicodeScalarView(scalars[range]))))
        guard s.charge(1 + range.count / 8) else { return EvalState.costError }
        position = range.isEmpty ? range.upperBound + 1 : range.upperBound
      }
      return .list(results)
    } catch {
      return .error(error)
    }
  }
}

import Foundation

/// `operand.field` on a map (or an optional, which chains).
final class SelectNode: Node, @unchecked Sendable {
  let operand: Node
  let key: CELMapKey
  let field: String
  init(operand: Node, field: String, offset: Int) {
    self.operand = operand
    self.field = field
    self.key = .string(field)
    super.init(offset: offset)
  }

  override func eval(_ s: inout EvalState) -> CELValue {
    locating(SelectNode.select(operand.eval(&s), key))
  }

  @inline(__always) static func select(_ value: CELValue, _ key: CELMapKey) -> CELValue {
    switch value {
    case .map(let map):
      if let found = map.value(for: key) { return found }
      return .err("no such key: \(key.text)" + map.keysHint)
    case .optional(let inner):
      guard let inner else { return .optional(nil) }
      return optionalSelect(inner, key)
    case .error: return value
    default:
      return .err("type '\(value.celType.name)' does not support field selection")
    }
  }

  /// `.?field`: none when absent.
  static func optionalSelect(_ value: CELValue, _ key: CELMapKey) -> CELValue {
    switch value {
    case .map(let map): return .optional(map.value(for: key))
    case .optional(let inner):
      guard let inner else { return value }
      return optionalSelect(inner, key)
    case .error: return value
    default: return .err("type '\(value.celType.name)' does not support field selection")
    }
  }
}

/// `has(operand.field)`.
final class HasNode: Node, @unchecked Sendable {
  let operand: Node
  let key: CELMapKey
  init(operand: Node, field: String, offset: Int) {
    self.operand = operand
    self.key = .string(field)
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    HasNode.test(operand.eval(&s), key)
  }
  static func test(_ value: CELValue, _ key: CELMapKey) -> CELValue {
    switch value {
    case .map(let map): return .bool(map.value(for: key) != nil)
    case .optional(let inner):
      guard let inner else { return .bool(false) }
      return test(inner, key)
    case .error: return value
    default: return .err("invalid type for has(): \(value.celType.name)")
    }
  }
}

/// Strict calls: any error argument is the result.
final class Call1Node: Node, @unchecked Sendable {
  let a: Node
  let fn: Builtin.Fn1
  init(_ a: Node, _ fn: @escaping Builtin.Fn1, offset: Int) {
    self.a = a
    self.fn = fn
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    let x = a.eval(&s)
    if case .error = x { return x }
    return locating(fn(x, &s))
  }
}

final class Call2Node: Node, @unchecked Sendable {
  let a: Node
  let b: Node
  let fn: Builtin.Fn2
  init(_ a: Node, _ b: Node, _ fn: @escaping Builtin.Fn2, offset: Int) {
    self.a = a
    self.b = b
    self.fn = fn
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    let x = a.eval(&s)
    if case .error = x { return x }
    let y = b.eval(&s)
    if case .error = y { return y }
    return locating(fn(x, y, &s))
  }
}

final class CallNNode: Node, @unchecked Sendable {
  let args: [Node]
  let fn: Builtin.FnN
  init(_ args: [Node], _ fn: @escaping Builtin.FnN, offset: Int) {
    self.args = args
    self.fn = fn
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    var values: [CELValue] = []
    values.reserveCapacity(args.count)
    for arg in args {
      let v = arg.eval(&s)
      if case .error = v { return v }
      values.append(v)
    }
    return locating(fn(values, &s))
  }
}

/// `a && b` and `a || b`, commutative with respect to errors: the operand value that decides the
/// result (`false` for `&&`, `true` for `||`) wins over an error on either side.
final class LogicNode: Node, @unchecked Sendable {
  let a: Node
  let b: Node
  /// The value that decides the result on its own: `false` for `&&`, `true` for `||`.
  let decisive: Bool
  init(_ a: Node, _ b: Node, decisive: Bool, offset: Int) {
    self.a = a
    self.b = b
    self.decisive = decisive
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    let x = a.eval(&s)
    if case .bool(let v) = x, v == decisive { return x }
    let y = b.eval(&s)
    switch (x, y) {
    case (.bool, .bool): return y
    case (_, .bool(let v)) where v == decisive: return y
    case (.error, _): return x
    case (_, .error): return y
    default: return .noOverload(decisive ? "_||_" : "_&&_", x, y)
    }
  }
}

/// `c ? t : f`.
final class ConditionalNode: Node, @unchecked Sendable {
  let c: Node
  let t: Node
  let f: Node
  init(_ c: Node, _ t: Node, _ f: Node, offset: Int) {
    self.c = c
    self.t = t
    self.f = f
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    switch c.eval(&s) {
    case .bool(true): return t.eval(&s)
    case .bool(false): return f.eval(&s)
    case .error(let e): return .error(e)
    case let other: return .noOverload("_?_:_", other)
    }
  }
}

/// `[a, ?b, c]`.
final class ListNode: Node, @unchecked Sendable {
  let elements: [Node]
  let optional: [Bool]
  init(_ elements: [Node], optional: [Bool], offset: Int) {
    self.elements = elements
    self.optional = optional
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    var values: [CELValue] = []
    values.reserveCapacity(elements.count)
    for (index, element) in elements.enumerated() {
      let v = element.eval(&s)
      if case .error = v { return v }
      if optional[index] {
        guard case .optional(let inner) = v else { return .err("optional list element is not an optional") }
        if let inner { values.append(inner) }
      } else {
        values.append(v)
      }
    }
    return .list(values)
  }
}

/// `{k: v, ?k2: optV}`.
final class MapNode: Node, @unchecked Sendable {
  let keys: [Node]
  let values: [Node]
  let optional: [Bool]
  init(keys: [Node], values: [Node], optional: [Bool], offset: Int) {
    self.keys = keys
    self.values = values
    self.optional = optional
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    var entries: [(CELValue, CELValue)] = []
    entries.reserveCapacity(keys.count)
    for index in keys.indices {
      let k = keys[index].eval(&s)
      if case .error = k { return k }
      let v = values[index].eval(&s)
      if case .error = v { return v }
      if optional[index] {
        guard case .optional(let inner) = v else { return .err("optional map entry is not an optional") }
        if let inner { entries.append((k, inner)) }
      } else {
        entries.append((k, v))
      }
    }
    do {
      return .map(try CELMap(entries: entries))
    } catch {
      return .error(error)
    }
  }
}

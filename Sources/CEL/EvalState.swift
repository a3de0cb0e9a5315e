import Foundation

/// Per-evaluation mutable state: variable slots, comprehension locals and the cost meter.
struct EvalState {
  var globals: [CELValue?]
  var locals: [CELValue]
  var cost: Int
  let limit: Int
  var exceeded = false

  init(globals: [CELValue?], localCount: Int, initialCost: Int, limit: Int) {
    self.globals = globals
    self.locals = localCount == 0 ? [] : Array(repeating: .null, count: localCount)
    self.cost = initialCost
    self.limit = limit
    self.exceeded = initialCost > limit
  }

  /// Adds `amount` to the cost; false (and marks the state) once the limit is exceeded.
  @inline(__always) mutating func charge(_ amount: Int) -> Bool {
    cost &+= amount
    if cost > limit {
      exceeded = true
      return false
    }
    return true
  }

  static let costError = CELValue.err("cost limit exceeded")
}

/// A compiled expression node.
class Node: @unchecked Sendable {
  let offset: Int
  init(offset: Int) { self.offset = offset }
  func eval(_ s: inout EvalState) -> CELValue { .err("unimplemented node") }
  /// `result`, with an error that has no position yet placed at this node.
  @inline(__always) final func locating(_ result: CELValue) -> CELValue {
    if case .error(let e) = result, e.offset == nil { return e.located(offset) }
    return result
  }
}

/// A constant.
final class LiteralNode: Node, @unchecked Sendable {
  let value: CELValue
  init(_ value: CELValue, offset: Int) {
    self.value = value
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue { value }
}

/// Always an error (unknown function, unsupported construct).
final class ErrorNode: Node, @unchecked Sendable {
  let message: String
  init(_ message: String, offset: Int) {
    self.message = message
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue { CELEvalError(message).located(offset) }
}

/// A comprehension or `cel.bind` variable.
final class LocalNode: Node, @unchecked Sendable {
  let slot: Int
  init(slot: Int, offset: Int) {
    self.slot = slot
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue { s.locals[slot] }
}

/// A top-level variable, falling back to a type denotation (`int`, `list` ...) when unbound.
final class GlobalNode: Node, @unchecked Sendable {
  let slot: Int
  let name: String
  let denotation: CELType?
  init(slot: Int, name: String, offset: Int) {
    self.slot = slot
    self.name = name
    self.denotation = CELType.denotations[name]
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    if let value = s.globals[slot] { return value }
    if let denotation { return .type(denotation) }
    return CELEvalError("undeclared reference to '\(name)'").located(offset)
  }
}

/// `a.b.c` where a binding may be named `a.b.c`, `a.b` or `a`: the longest bound prefix wins.
final class QualifiedNode: Node, @unchecked Sendable {
  /// Candidates from the longest name down: slot and the fields still to select.
  let candidates: [(slot: Int, fields: [CELMapKey])]
  let fullName: String
  init(candidates: [(slot: Int, fields: [CELMapKey])], fullName: String, offset: Int) {
    self.candidates = candidates
    self.fullName = fullName
    super.init(offset: offset)
  }
  override func eval(_ s: inout EvalState) -> CELValue {
    for candidate in candidates {
      guard var value = s.globals[candidate.slot] else { continue }
      for field in candidate.fields {
        value = SelectNode.select(value, field)
      }
      return value
    }
    if let denotation = CELType.denotations[fullName] { return .type(denotation) }
    return CELEvalError("undeclared reference to '\(fullName)'").located(offset)
  }
}

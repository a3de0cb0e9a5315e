import Foundation

/// The function table: implementations by name and arity (receiver counts as the first argument).
enum Builtin {
  typealias Fn1 = @Sendable (CELValue, inout EvalState) -> CELValue
  typealias Fn2 = @Sendable (CELValue, CELValue, inout EvalState) -> CELValue
  typealias FnN = @Sendable ([CELValue], inout EvalState) -> CELValue

  /// All overloads of one function name.
  struct Overloads {
    var unary: Fn1?
    var binary: Fn2?
    var fixed: [Int: FnN] = [:]
    var variadic: FnN?
  }

  /// Collects registrations.
  struct Registry {
    var table: [String: Overloads] = [:]

    mutating func add1(_ name: String, _ fn: @escaping Fn1) {
      table[name, default: Overloads()].unary = fn
    }
    mutating func add2(_ name: String, _ fn: @escaping Fn2) {
      table[name, default: Overloads()].binary = fn
    }
    mutating func addN(_ name: String, arity: Int, _ fn: @escaping FnN) {
      table[name, default: Overloads()].fixed[arity] = fn
    }
    mutating func variadic(_ name: String, _ fn: @escaping FnN) {
      table[name, default: Overloads()].variadic = fn
    }
  }

  static let table: [String: Overloads] = {
    var registry = Registry()
    registerOperators(&registry)
    registerConversions(&registry)
    registerStrings(&registry)
    registerStringExtensions(&registry)
    registerTime(&registry)
    registerMath(&registry)
    registerLists(&registry)
    registerListExtensions(&registry)
    registerOptionals(&registry)
    registerKubernetes(&registry)
    registerNetwork(&registry)
    registerKubernetesExtras(&registry)
    return registry.table
  }()

  /// Charges the cost of producing a value of `size` bytes/elements.
  @inline(__always) static func chargeSize(_ size: Int, _ s: inout EvalState) -> Bool {
    s.charge(size / 8)
  }
}

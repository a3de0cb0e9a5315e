import Foundation

/// The outcome of comparing two CEL values.
enum CELOrdering {
  case less, equal, greater
  /// Both operands are numbers but one is NaN: every relation is false.
  case unordered
  /// The operand types cannot be ordered.
  case invalid

  init<T: Comparable>(_ a: T, _ b: T) {
    self = a < b ? .less : (a == b ? .equal : .greater)
  }
}

extension CELValue {
  /// CEL heterogeneous equality: values of different kinds are unequal, numbers compare by value.
  static func celEquals(_ lhs: CELValue, _ rhs: CELValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
    case (.bytes(let a), .bytes(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.uint(let a), .uint(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b
    case (.int, .uint), (.uint, .int), (.int, .double), (.double, .int), (.uint, .double), (.double, .uint):
      return compareNumbers(lhs, rhs) == .equal
    case (.list(let a), .list(let b)):
      guard a.count == b.count else { return false }
      for index in a.indices where !celEquals(a[index], b[index]) { return false }
      return true
    case (.map(let a), .map(let b)):
      guard a.count == b.count else { return false }
      for (key, value) in zip(a.keys, a.values) {
        guard let other = b[key], celEquals(value, other) else { return false }
      }
      return true
    case (.timestamp(let a), .timestamp(let b)): return a == b
    case (.duration(let a), .duration(let b)): return a == b
    case (.type(let a), .type(let b)): return a == b
    case (.optional(let a), .optional(let b)):
      switch (a, b) {
      case (nil, nil): return true
      case (let x?, let y?): return celEquals(x, y)
      default: return false
      }
    case (.quantity(let a), .quantity(let b)): return a.compare(b) == 0
    case (.ip(let a), .ip(let b)): return a.unmapped == b.unmapped
    case (.cidr(let a), .cidr(let b)): return a == b
    case (.object(.semver(let a)), .object(.semver(let b))): return a.compare(b) == 0
    case (.object(let a), .object(let b)): return a == b
    default: return false
    }
  }

  /// Orders two values of the same kind, or two numbers of any numeric kinds.
  static func compare(_ lhs: CELValue, _ rhs: CELValue) -> CELOrdering {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)):
      if a == b { return .equal }
      return a.utf8.lexicographicallyPrecedes(b.utf8) ? .less : .greater
    case (.bytes(let a), .bytes(let b)):
      if a == b { return .equal }
      return a.lexicographicallyPrecedes(b) ? .less : .greater
    case (.bool(let a), .bool(let b)):
      return a == b ? .equal : (!a ? .less : .greater)
    case (.timestamp(let a), .timestamp(let b)): return CELOrdering(a, b)
    case (.duration(let a), .duration(let b)): return CELOrdering(a, b)
    case (.int, _), (.uint, _), (.double, _): return compareNumbers(lhs, rhs)
    default: return .invalid
    }
  }

  /// Compares numbers exactly across int, uint and double.
  static func compareNumbers(_ lhs: CELValue, _ rhs: CELValue) -> CELOrdering {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return CELOrdering(a, b)
    case (.uint(let a), .uint(let b)): return CELOrdering(a, b)
    case (.double(let a), .double(let b)):
      if a.isNaN || b.isNaN { return .unordered }
      return CELOrdering(a, b)
    case (.int(let a), .uint(let b)):
      return a < 0 ? .less : CELOrdering(UInt64(a), b)
    case (.uint, .int): return compareNumbers(rhs, lhs).reversed
    case (.int(let a), .double(let b)):
      if b.isNaN { return .unordered }
      return CELOrdering(Double(a), b)
    case (.double, .int): return compareNumbers(rhs, lhs).reversed
    case (.uint(let a), .double(let b)):
      if b.isNaN { return .unordered }
      return CELOrdering(Double(a), b)
    case (.double, .uint): return compareNumbers(rhs, lhs).reversed
    default: return .invalid
    }
  }
}

extension CELOrdering {
  var reversed: CELOrdering {
    switch self {
    case .less: return .greater
    case .greater: return .less
    default: return self
    }
  }
}

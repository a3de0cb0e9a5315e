/// A stored property that `==` ignores: where in the spec a value was written (its `origin`, its
/// file) is kept with the value for diagnostics and plans, but is not part of what the value is.
/// Two tenants written on other lines, or read from another revision, are equal when everything
/// else is; plans skip rendering the tenants that are equal on both sides.
///
/// Model types derive `==` and wrap their provenance in this, so a field added later is compared
/// unless it is provenance: a derived `==` can only err towards rendering more.
@propertyWrapper
public struct NotCompared<Value: Sendable>: Sendable, Equatable {
  public var wrappedValue: Value

  public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

  public static func == (_: NotCompared, _: NotCompared) -> Bool { true }
}

/// A count per GPU pool (a tenant's nominal GPUs or borrowing limit in one pool).
public struct PoolCount: Sendable, Equatable {
  public var pool: String
  public var count: Int

  public init(pool: String, count: Int) {
    self.pool = pool
    self.count = count
  }
}

/// A node label (`key: value`) a GPU pool's nodes carry.
public struct NodeLabel: Sendable, Equatable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

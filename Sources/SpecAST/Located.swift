import Diagnostics

/// A decoded value with where it came from: the source range and the data path.
public struct Located<Value: Sendable>: Sendable {
  public var value: Value
  public var range: SourceRange
  public var path: DataPath

  public init(_ value: Value, range: SourceRange, path: DataPath) {
    self.value = value
    self.range = range
    self.path = path
  }
}

extension Located: Equatable where Value: Equatable {}

/// A mapping entry whose key is user-chosen (pool names, label keys, model names).
public struct KeyedValue<Value: Sendable>: Sendable {
  public var key: Located<String>
  public var value: Value

  public init(key: Located<String>, value: Value) {
    self.key = key
    self.value = value
  }
}

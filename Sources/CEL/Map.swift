import Foundation

/// A normalized map key: numeric keys with the same value are the same key.
enum CELMapKey: Hashable, Sendable {
  case bool(Bool)
  case int(Int64)
  /// Only for values above `Int64.max`; smaller uints normalize to `.int`.
  case uint(UInt64)
  case string(String)

  /// The key for a value, or nil when the value cannot be a map key.
  init?(_ value: CELValue) {
    switch value {
    case .bool(let b): self = .bool(b)
    case .int(let i): self = .int(i)
    case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
    case .string(let s): self = .string(s)
    default: return nil
    }
  }

  /// The key a lookup value refers to; integral doubles find numeric keys.
  static func lookup(_ value: CELValue) -> CELMapKey? {
    if case .double(let d) = value {
      guard d.rounded(.towardZero) == d else { return nil }
      if d >= -9.223372036854775808e18 && d < 9.223372036854775808e18 { return .int(Int64(d)) }
      if d >= 0 && d < 1.8446744073709551616e19 { return .uint(UInt64(d)) }
      return nil
    }
    return CELMapKey(value)
  }
}

/// An immutable CEL map that keeps insertion order for iteration.
public struct CELMap: Sendable {
  final class Storage: Sendable {
    let keys: [CELValue]
    let values: [CELValue]
    let index: [CELMapKey: Int]
    init(keys: [CELValue], values: [CELValue], index: [CELMapKey: Int]) {
      self.keys = keys
      self.values = values
      self.index = index
    }
  }

  let storage: Storage

  /// An empty map.
  public init() {
    storage = Storage(keys: [], values: [], index: [:])
  }

  /// Builds a map, failing on an invalid key type or a duplicate key (CEL map literal rules).
  public init(entries: [(CELValue, CELValue)]) throws(CELEvalError) {
    storage = try Self.storage(entries, duplicates: .fail)
  }

  /// Builds a map where a later duplicate key replaces an earlier one; invalid keys are dropped.
  public init(replacingDuplicates entries: [(CELValue, CELValue)]) {
    // `.replace` never throws: an invalid key is skipped, a duplicate replaces.
    storage = (try? Self.storage(entries, duplicates: .replace)) ?? Storage(keys: [], values: [], index: [:])
  }

  private enum Duplicates { case fail, replace }

  private static func storage(_ entries: [(CELValue, CELValue)], duplicates: Duplicates) throws(CELEvalError) -> Storage {
    var keys: [CELValue] = []
    var values: [CELValue] = []
    var index: [CELMapKey: Int] = [:]
    keys.reserveCapacity(entries.count)
    values.reserveCapacity(entries.count)
    index.reserveCapacity(entries.count)
    for (key, value) in entries {
      guard let normalized = CELMapKey(key) else {
        if duplicates == .replace { continue }
        throw CELEvalError("unsupported key type: \(key.celType.name)")
      }
      if let existing = index[normalized] {
        if duplicates == .fail { throw CELEvalError("Failed with repeated key") }
        values[existing] = value
        continue
      }
      index[normalized] = keys.count
      keys.append(key)
      values.append(value)
    }
    return Storage(keys: keys, values: values, index: index)
  }

  /// A map with string keys.
  public init(_ dictionary: [String: CELValue]) {
    var keys: [CELValue] = []
    var values: [CELValue] = []
    var index: [CELMapKey: Int] = [:]
    for key in dictionary.keys.sorted() {
      index[.string(key)] = keys.count
      keys.append(.string(key))
      values.append(dictionary[key] ?? .null)
    }
    storage = Storage(keys: keys, values: values, index: index)
  }

  /// The number of entries.
  public var count: Int { storage.keys.count }
  /// Keys in insertion order.
  public var keys: [CELValue] { storage.keys }
  /// Values in insertion order.
  public var values: [CELValue] { storage.values }
  /// Entries in insertion order.
  public var entries: [(key: CELValue, value: CELValue)] {
    Array(zip(storage.keys, storage.values)).map { (key: $0.0, value: $0.1) }
  }

  /// The value for a key (numeric keys match across int/uint/double), or nil.
  public subscript(key: CELValue) -> CELValue? {
    guard let normalized = CELMapKey.lookup(key), let position = storage.index[normalized] else { return nil }
    return storage.values[position]
  }

  /// The value for a string key, or nil.
  public subscript(key: String) -> CELValue? {
    guard let position = storage.index[.string(key)] else { return nil }
    return storage.values[position]
  }

  @inline(__always) func value(for key: CELMapKey) -> CELValue? {
    guard let position = storage.index[key] else { return nil }
    return storage.values[position]
  }

  /// Whether the key is present.
  public func contains(_ key: CELValue) -> Bool { self[key] != nil }
}

extension CELMapKey {
  /// The key as an error message shows it: a string bare, other keys as CEL literals.
  var text: String {
    switch self {
    case .bool(let b): return String(b)
    case .int(let i): return String(i)
    case .uint(let u): return "\(u)u"
    case .string(let s): return s
    }
  }
}

extension CELMap {
  /// The map's string keys for a "no such key" error, so a reader (or a did-you-mean) can see what
  /// was there: ` (keys: a, b, c)`, at most 20 of them; empty for maps without string keys.
  var keysHint: String {
    let names = keys.compactMap { key -> String? in if case .string(let s) = key { return s } else { return nil } }.sorted()
    guard !names.isEmpty else { return "" }
    return " (keys: " + names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", …" : "") + ")"
  }
}

/// An ordered value tree for emitted objects (Kubernetes manifests, JSON documents).
///
/// Maps keep insertion order: emitters decide field order once, so output is byte-stable.
///
/// Not `indirect`: lists and maps already live in heap buffers, so boxing every node would only add
/// one allocation (and one retain/release pair per copy) per value.
public enum KValue: Sendable, Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case list([KValue])
  case map(KMap)

  /// The map, if this is one.
  public var map: KMap? {
    if case .map(let m) = self { return m }
    return nil
  }

  /// The value at a `.`-separated path of map keys, e.g. `metadata.name`.
  public subscript(path path: String) -> KValue? {
    var current: KValue? = self
    for key in path.utf8.split(separator: UInt8(ascii: ".")) {
      current = current?.map?[Substring(key)]
    }
    return current
  }

  /// The value under `key` when this is a map.
  public subscript(key: String) -> KValue? { map?[key] }

  /// The string, if this is one.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }
}

/// An insertion-ordered string-keyed map.
public struct KMap: Sendable, Equatable {
  public private(set) var entries: [(key: String, value: KValue)]

  public init(_ entries: [(key: String, value: KValue)] = []) { self.entries = entries }

  /// Appends a key (callers never append a key twice; `set` replaces).
  public mutating func append(_ key: String, _ value: KValue) { entries.append((key, value)) }

  /// The value under `key`.
  public subscript<Key: StringProtocol>(key: Key) -> KValue? {
    entries.first { $0.key == key }?.value
  }

  /// The value under `key` (the common, non-generic case: callable across modules without
  /// an unspecialised generic comparison per entry).
  public subscript(key: String) -> KValue? {
    for entry in entries where entry.key == key { return entry.value }
    return nil
  }

  /// Replaces the value under `key`, or appends it.
  public mutating func set(_ key: String, _ value: KValue) {
    if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else { entries.append((key, value)) }
  }

  public var isEmpty: Bool { entries.isEmpty }

  public static func == (lhs: KMap, rhs: KMap) -> Bool {
    lhs.entries.count == rhs.entries.count
      && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}

/// Result builder-free helpers to write maps tersely: `.object(["a": .string("b")])` keeps the given order.
extension KValue {
  /// A map from ordered pairs.
  public static func object(_ pairs: KeyValuePairs<String, KValue>) -> KValue {
    .map(KMap(pairs.map { (key: $0.key, value: $0.value) }))
  }

  /// A map with keys sorted (labels, annotations, selectors).
  public static func sortedStrings(_ dict: [String: String]) -> KValue {
    .map(KMap(dict.keys.sorted().map { (key: $0, value: .string(dict[$0] ?? "")) }))
  }
}

/// Literals, so emitters of hand-shaped documents (CI workflows) read like the YAML they make.
extension KValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: KValue...) { self = .list(elements) }
}

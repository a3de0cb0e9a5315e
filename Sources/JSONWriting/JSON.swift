/// A JSON document as a typed value: what every Paved command that prints JSON builds, instead of
/// `[String: Any]` handed to Foundation (whose dynamic casts cost milliseconds per run and whose
/// output is only as deterministic as its options).
///
/// Objects are written with their keys sorted by UTF-8 bytes, so output never depends on how a
/// document was assembled.
public enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([String: JSON])

  /// A string, or `null` when absent.
  public static func string(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

  /// An integer of any width (values beyond `Int64` are written as decimal strings).
  public static func integer<I: BinaryInteger>(_ i: I) -> JSON {
    if let exact = Int64(exactly: i) { return .int(exact) }
    return .string(String(i))
  }

  /// An array of strings.
  public static func strings<S: Sequence<String>>(_ items: S) -> JSON { .array(items.map(JSON.string)) }

  /// The value under `key` when this is an object.
  public subscript(key: String) -> JSON? {
    get {
      if case .object(let members) = self { return members[key] }
      return nil
    }
    set {
      guard case .object(var members) = self else { return }
      members[key] = newValue
      self = .object(members)
    }
  }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(arrayLiteral elements: JSON...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }
  public init(dictionaryLiteral elements: (String, JSON)...) {
    var members: [String: JSON] = [:]
    for (key, value) in elements { members[key] = value }
    self = .object(members)
  }
}

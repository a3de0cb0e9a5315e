import Foundation

/// A CEL runtime value.
///
/// `error` values flow through evaluation like any other value so that `&&`, `||`
/// and `?:` can absorb them; `CELProgram.evaluate` turns a final error into a thrown `CELError`.
public enum CELValue: Sendable {
  /// `null` (type `null_type`).
  case null
  /// A boolean.
  case bool(Bool)
  /// A signed 64-bit integer.
  case int(Int64)
  /// An unsigned 64-bit integer.
  case uint(UInt64)
  /// An IEEE-754 double.
  case double(Double)
  /// A Unicode string (CEL sizes and indexes count code points).
  case string(String)
  /// A byte sequence.
  case bytes([UInt8])
  /// A list of values.
  case list([CELValue])
  /// A map with bool, int, uint or string keys.
  case map(CELMap)
  /// A point in time (google.protobuf.Timestamp).
  case timestamp(CELTimestamp)
  /// A span of time (google.protobuf.Duration).
  case duration(CELDuration)
  /// A type value such as `int` or `list`.
  case type(CELType)
  /// An optional value: `.optional(nil)` is `optional.none()`.
  indirect case optional(CELValue?)
  /// A Kubernetes resource quantity.
  indirect case quantity(CELQuantity)
  /// An IP address (Kubernetes `net.IP`).
  indirect case ip(CELIPAddress)
  /// A CIDR prefix (Kubernetes `net.CIDR`).
  indirect case cidr(CELCIDR)
  /// A Kubernetes library object (URL, semver, named format).
  indirect case object(CELObject)
  /// An evaluation error carried as a value.
  case error(CELEvalError)

  /// The CEL type of the value.
  public var celType: CELType {
    switch self {
    case .null: return .null
    case .bool: return .bool
    case .int: return .int
    case .uint: return .uint
    case .double: return .double
    case .string: return .string
    case .bytes: return .bytes
    case .list: return .list
    case .map: return .map
    case .timestamp: return .timestamp
    case .duration: return .duration
    case .type: return .type
    case .optional: return .optional
    case .quantity: return .quantity
    case .ip: return .ip
    case .cidr: return .cidr
    case .object(let object): return CELType(name: object.typeName)
    case .error: return CELType(name: "error")
    }
  }

  /// True when the value is an error.
  @inlinable public var isError: Bool {
    if case .error = self { return true }
    return false
  }

  static func err(_ message: String) -> CELValue { .error(CELEvalError(message)) }

  static func noOverload(_ function: String, _ args: CELValue...) -> CELValue {
    let types = args.map { $0.celType.name }.joined(separator: ", ")
    return .error(CELEvalError("no such overload: \(function)(\(types))"))
  }
}

/// The error carried by `CELValue.error`.
public struct CELEvalError: Error, Sendable, Hashable {
  /// A description of the failure.
  public let message: String
  /// Source offset (Unicode scalars) of the call that produced the error, when known.
  public internal(set) var offset: Int?
  /// Creates an error value payload.
  public init(_ message: String) {
    self.message = message
    self.offset = nil
  }

  func located(_ offset: Int) -> CELValue {
    var copy = self
    copy.offset = offset
    return .error(copy)
  }
}

/// A CEL type value (the result of `type(x)` or a type denotation such as `int`).
public struct CELType: Sendable, Hashable, CustomStringConvertible {
  /// The type name, e.g. `int`, `list`, `google.protobuf.Timestamp`.
  public let name: String
  /// Creates a type value.
  public init(name: String) { self.name = name }
  /// The name.
  public var description: String { name }

  static let null = CELType(name: "null_type")
  static let bool = CELType(name: "bool")
  static let int = CELType(name: "int")
  static let uint = CELType(name: "uint")
  static let double = CELType(name: "double")
  static let string = CELType(name: "string")
  static let bytes = CELType(name: "bytes")
  static let list = CELType(name: "list")
  static let map = CELType(name: "map")
  static let timestamp = CELType(name: "google.protobuf.Timestamp")
  static let duration = CELType(name: "google.protobuf.Duration")
  static let type = CELType(name: "type")
  static let optional = CELType(name: "optional_type")
  static let quantity = CELType(name: "kubernetes.Quantity")
  static let ip = CELType(name: "net.IP")
  static let cidr = CELType(name: "net.CIDR")

  /// Identifiers that denote types when not shadowed by a variable.
  static let denotations: [String: CELType] = {
    var table: [String: CELType] = [:]
    for type in [null, bool, int, uint, double, string, bytes, list, map, timestamp, duration, type, optional, ip, cidr] {
      table[type.name] = type
    }
    return table
  }()
}

extension CELValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  /// An `int` literal.
  public init(integerLiteral value: Int64) { self = .int(value) }
  /// A `double` literal.
  public init(floatLiteral value: Double) { self = .double(value) }
  /// A `string` literal.
  public init(stringLiteral value: String) { self = .string(value) }
  /// A `bool` literal.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// A `list` literal.
  public init(arrayLiteral elements: CELValue...) { self = .list(elements) }
  /// A `map` literal; a later duplicate key replaces an earlier one.
  public init(dictionaryLiteral elements: (CELValue, CELValue)...) {
    self = .map(CELMap(replacingDuplicates: elements))
  }
}

extension CELValue: Equatable {
  /// CEL equality (`==`): heterogeneous numbers compare by value, NaN is unequal to itself.
  public static func == (lhs: CELValue, rhs: CELValue) -> Bool {
    if case .error(let a) = lhs, case .error(let b) = rhs { return a == b }
    return CELValue.celEquals(lhs, rhs)
  }
}

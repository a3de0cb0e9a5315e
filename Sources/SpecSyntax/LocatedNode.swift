import Diagnostics

/// A YAML node with its position: the only shape spec documents are read into.
///
/// There is no `[String: Any]` anywhere: every value keeps the file, line and column it came from.
public struct LocatedNode: Sendable {
  /// How a scalar was written; decides whether `true` or `42` is a boolean/number or text.
  public enum ScalarStyle: Sendable, Equatable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
  }

  /// A scalar's text, style and explicit core tag (if any).
  public struct Scalar: Sendable, Equatable {
    public var text: String
    public var style: ScalarStyle
    /// The explicit core tag's short name (`str`, `int`, …) when one was written, else nil.
    public var explicitTag: String?

    public init(text: String, style: ScalarStyle = .plain, explicitTag: String? = nil) {
      self.text = text
      self.style = style
      self.explicitTag = explicitTag
    }

    /// True when the scalar is a plain (unquoted, untagged) scalar, the only kind that can be a non-string.
    public var isPlain: Bool { style == .plain && explicitTag == nil }

    /// The scalar's value, typed once for every reader of free-form YAML (deployed manifests, policy
    /// input, MLmodel files and model cards): a plain scalar, or one with an explicit core tag other
    /// than `!!str`, by the YAML 1.2 core schema (null, `true`/`false`, int64, float); anything else,
    /// and an integer or float Swift cannot hold exactly, is its text.
    public var typed: TypedScalar {
      guard isPlain || explicitTag != nil, explicitTag != "str" else { return .string(text) }
      switch PlainScalarKind.classify(text) {
      case .null: return .null
      case .bool: return .bool(text == "true")
      case .integer: return Int64(text).map(TypedScalar.int) ?? .string(text)
      case .float:
        // An integer too large for int64 (the core schema's int, which `classify` calls a float) is
        // its text, not a rounded double.
        if text.unicodeScalars.allSatisfy({ "0123456789+-".unicodeScalars.contains($0) }) { return .string(text) }
        return Double(text).map(TypedScalar.float) ?? .string(text)
      case .string: return .string(text)
      }
    }
  }

  /// One mapping entry; keys are always scalars.
  public struct Entry: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var value: LocatedNode
  }

  public enum Kind: Sendable {
    case scalar(Scalar)
    case mapping([Entry])
    case sequence([LocatedNode])
  }

  public var kind: Kind
  public var range: SourceRange

  public init(kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  /// The scalar, if this is one.
  public var scalar: Scalar? {
    if case .scalar(let s) = kind { return s }
    return nil
  }

  /// The entries, if this is a mapping.
  public var entries: [Entry]? {
    if case .mapping(let e) = kind { return e }
    return nil
  }

  /// The items, if this is a sequence.
  public var items: [LocatedNode]? {
    if case .sequence(let i) = kind { return i }
    return nil
  }

  /// A word for the node's shape in messages: "a mapping", "a list", "a string", "a number", "null", "a boolean".
  public var shapeDescription: String {
    switch kind {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar(let s):
      guard s.isPlain else { return "a string" }
      switch PlainScalarKind.classify(s.text) {
      case .null: return "null"
      case .bool: return "a boolean"
      case .integer, .float: return "a number"
      case .string: return "a string"
      }
    }
  }
}

/// What a plain scalar's text would mean in YAML 1.2's core schema (booleans only `true`/`false`).
/// A scalar's value by the core schema (`LocatedNode.Scalar.typed`).
public enum TypedScalar: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
}

public enum PlainScalarKind: Sendable, Equatable {
  case null
  case bool
  case integer
  case float
  case string

  public static func classify(_ text: String) -> PlainScalarKind {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "false": return .bool
    default: break
    }
    if Int64(text) != nil { return .integer }
    if text.hasPrefix("0x") || text.hasPrefix("0o") { return .integer }
    if Double(text) != nil, text.unicodeScalars.allSatisfy({ "0123456789.eE+-".unicodeScalars.contains($0) }) {
      return .float
    }
    return .string
  }
}

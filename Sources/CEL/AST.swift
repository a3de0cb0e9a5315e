import Foundation

/// A parsed CEL expression node with its source offset (macros already expanded).
public final class CELExpr: Sendable {
  /// What the node is.
  public enum Kind: Sendable {
    /// A literal constant.
    case literal(CELValue)
    /// An identifier (a leading `.` is dropped).
    case ident(String)
    /// `operand.field`; `testOnly` for `has(operand.field)`.
    case select(operand: CELExpr, field: String, testOnly: Bool)
    /// A function call; `target` is set for receiver-style calls such as `s.size()`.
    /// Operators are calls to `_+_`, `_&&_`, `_?_:_`, `_[_]`, `!_`, `-_`, `@in`, `_?._`, `_[?_]` ...
    case call(target: CELExpr?, function: String, args: [CELExpr])
    /// A list literal; `optionalIndices` mark `?elem` entries.
    case list(elements: [CELExpr], optionalIndices: [Int])
    /// A map literal.
    case map(entries: [MapEntry])
    /// A message construction `Type{field: value}`.
    case message(typeName: String, fields: [FieldInit])
    /// A macro-expanded comprehension.
    case comprehension(Comprehension)
  }

  /// One `key: value` entry of a map literal.
  public struct MapEntry: Sendable {
    /// The key expression.
    public let key: CELExpr
    /// The value expression.
    public let value: CELExpr
    /// Whether the entry is written `?key: value`.
    public let optional: Bool
  }

  /// One `field: value` initializer of a message literal.
  public struct FieldInit: Sendable {
    /// The field name.
    public let field: String
    /// The value expression.
    public let value: CELExpr
    /// Whether the entry is written `?field: value`.
    public let optional: Bool
  }

  /// The macro a comprehension came from.
  public enum MacroKind: String, Sendable {
    /// `r.all(x, p)`.
    case all
    /// `r.exists(x, p)`.
    case exists
    /// `r.exists_one(x, p)`.
    case existsOne
    /// `r.map(x, t)` and `r.map(x, p, t)`.
    case map
    /// `r.filter(x, p)`.
    case filter
    /// `cel.bind(x, init, body)`.
    case bind
    /// `opt.optMap(x, t)`.
    case optMap
    /// `opt.optFlatMap(x, t)`.
    case optFlatMap
    /// `r.all(i, v, p)`.
    case all2
    /// `r.exists(i, v, p)`.
    case exists2
    /// `r.existsOne(i, v, p)`.
    case existsOne2
    /// `r.transformList(i, v, [p,] t)`.
    case transformList
    /// `r.transformMap(k, v, [p,] t)`.
    case transformMap
    /// `r.transformMapEntry(k, v, [p,] t)`.
    case transformMapEntry
  }

  /// A comprehension produced by a macro.
  public struct Comprehension: Sendable {
    /// The macro.
    public let kind: MacroKind
    /// The range (or, for `cel.bind`, the bound value; for `optMap`, the optional).
    public let range: CELExpr
    /// The iteration variable.
    public let variable: String
    /// The second iteration variable of two-variable forms (value).
    public let variable2: String?
    /// The predicate or filter, if any.
    public let predicate: CELExpr?
    /// The transform or body, if any.
    public let transform: CELExpr?
  }

  /// A unique (per parse) node id.
  public let id: Int
  /// Offset in Unicode scalars of the node's token.
  public let offset: Int
  /// The node.
  public let kind: Kind
  /// Height of the tree rooted here (1 for leaves).
  public let depth: Int

  init(id: Int, offset: Int, kind: Kind) {
    self.id = id
    self.offset = offset
    self.kind = kind
    var childDepth = 0
    switch kind {
    case .literal, .ident: break
    case .select(let operand, _, _): childDepth = operand.depth
    case .call(let target, _, let args):
      childDepth = max(target?.depth ?? 0, args.map(\.depth).max() ?? 0)
    case .list(let elements, _): childDepth = elements.map(\.depth).max() ?? 0
    case .map(let entries): childDepth = entries.map { max($0.key.depth, $0.value.depth) }.max() ?? 0
    case .message(_, let fields): childDepth = fields.map(\.value.depth).max() ?? 0
    case .comprehension(let c):
      childDepth = max(c.range.depth, c.predicate?.depth ?? 0, c.transform?.depth ?? 0)
    }
    depth = childDepth + 1
  }

  /// The dotted name if this is an identifier or a chain of selects on one (`a.b.c`).
  var qualifiedName: String? {
    switch kind {
    case .ident(let name): return name
    case .select(let operand, let field, false):
      guard let prefix = operand.qualifiedName else { return nil }
      return prefix + "." + field
    default: return nil
    }
  }
}

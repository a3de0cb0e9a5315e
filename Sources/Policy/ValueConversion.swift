import Artifacts
import CEL
import SpecSyntax

/// Emitted objects and YAML input as CEL values.
public enum ValueConversion {
  /// A Kubernetes object tree (`KValue`) as the CEL value rules read as `object`.
  public static func cel(_ value: KValue) -> CELValue {
    switch value {
    case .string(let s): return .string(s)
    case .int(let i): return .int(Int64(i))
    case .bool(let b): return .bool(b)
    case .null: return .null
    case .list(let items): return .list(items.map(cel))
    case .map(let m): return .map(CELMap(replacingDuplicates: m.entries.map { (.string($0.key), cel($0.value)) }))
    }
  }

  /// A located YAML tree as a CEL value: plain scalars by the core schema (null, bool, int, float),
  /// everything quoted or block-styled as a string. Integers outside int64 stay strings.
  public static func cel(_ node: LocatedNode) -> CELValue {
    switch node.kind {
    case .sequence(let items): return .list(items.map(cel))
    case .mapping(let entries): return .map(CELMap(replacingDuplicates: entries.map { (.string($0.key), cel($0.value)) }))
    case .scalar(let s):
      switch s.typed {
      case .null: return .null
      case .bool(let b): return .bool(b)
      case .int(let i): return .int(i)
      case .float(let d): return .double(d)
      case .string(let text): return .string(text)
      }
    }
  }
}

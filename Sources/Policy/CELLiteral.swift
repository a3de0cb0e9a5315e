import CEL
import Foundation

/// Writes a CEL value as CEL source, so a platform constant can be inlined into an admission policy.
public enum CELLiteral {
  /// The literal, or nil for values that have no literal form (timestamps, errors, ...).
  public static func source(_ value: CELValue) -> String? {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .uint(let u): return "\(u)u"
    case .double(let d):
      guard d.isFinite else { return nil }
      let text = String(d)
      return text.contains(".") || text.contains("e") ? text : text + ".0"
    case .string(let s): return quote(s)
    case .list(let items):
      var parts: [String] = []
      for item in items {
        guard let p = source(item) else { return nil }
        parts.append(p)
      }
      return "[" + parts.joined(separator: ", ") + "]"
    case .map(let m):
      var parts: [String] = []
      for (k, v) in m.entries {
        guard let ks = source(k), let vs = source(v) else { return nil }
        parts.append("\(ks): \(vs)")
      }
      return "{" + parts.joined(separator: ", ") + "}"
    default: return nil
    }
  }

  /// A double-quoted CEL string literal.
  public static func quote(_ s: String) -> String { CELSyntax.stringLiteral(s) }
}

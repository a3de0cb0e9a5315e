import Artifacts
import JSONWriting
import CEL
import Foundation

/// Writes a CEL value as JSON (map order kept). Values JSON lacks become strings: bytes as base64,
/// timestamps as RFC 3339, durations as `1.5s`, quantities, IPs and types by their text; an empty
/// optional is `null`.
public enum CELJSON {
  public static func render(_ value: CELValue, indent: String = "") -> String {
    let inner = indent + "  "
    switch value {
    case .null, .optional(nil): return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .uint(let u): return String(u)
    case .double(let d):
      guard d.isFinite else { return string(d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")) }
      if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
      return String(d)
    case .string(let s): return string(s)
    case .bytes(let b): return string(Data(b).base64EncodedString())
    case .list(let items):
      guard !items.isEmpty else { return "[]" }
      return "[\n" + items.map { inner + render($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
    case .map(let m):
      guard m.count > 0 else { return "{}" }
      let parts = m.entries.map { entry -> String in
        let key: String
        if case .string(let s) = entry.key { key = s } else { key = render(entry.key) }
        return inner + string(key) + ": " + render(entry.value, indent: inner)
      }
      return "{\n" + parts.joined(separator: ",\n") + "\n\(indent)}"
    case .optional(let wrapped?): return render(wrapped, indent: indent)
    case .timestamp(let t): return string(t.description)
    case .duration(let d): return string(d.description)
    case .type(let t): return string(t.name)
    case .quantity(let q): return string(q.description)
    case .ip(let ip): return string(ip.description)
    case .cidr(let c): return string("\(c)")
    case .object(let o): return string("\(o)")
    case .error(let e): return string("error: \(e.message)")
    }
  }

  /// A JSON string literal.
  public static func string(_ s: String) -> String {
    JSONString.quote(s)
  }
}

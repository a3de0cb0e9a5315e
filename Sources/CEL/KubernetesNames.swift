import Foundation

/// Kubernetes CRD property-name escaping: `foo__dash__bar` in CEL refers to the field `foo-bar`.
public enum KubernetesNames {
  static let escapes: [(String, String)] = [
    ("__underscores__", "__"), ("__dot__", "."), ("__dash__", "-"), ("__slash__", "/"),
  ]

  /// The property name a CEL field name refers to (`__if__` → `if`, `a__dash__b` → `a-b`).
  public static func unescape(_ name: String) -> String {
    if name.hasPrefix("__") && name.hasSuffix("__") && name.count > 4 {
      let inner = String(name.dropFirst(2).dropLast(2))
      if Parser.reserved.contains(inner) { return inner }
    }
    guard name.contains("__") else { return name }
    var out = ""
    var rest = Substring(name)
    outer: while !rest.isEmpty {
      for (escaped, original) in escapes where rest.hasPrefix(escaped) {
        out += original
        rest = rest.dropFirst(escaped.count)
        continue outer
      }
      out.append(rest.removeFirst())
    }
    return out
  }

  /// The CEL field name for a property, or nil when it cannot be accessed from CEL.
  public static func escape(_ property: String) -> String? {
    if Parser.reserved.contains(property) { return "__" + property + "__" }
    var out = ""
    var rest = Substring(property)
    while !rest.isEmpty {
      if rest.hasPrefix("__") {
        out += "__underscores__"
        rest = rest.dropFirst(2)
        continue
      }
      let c = rest.removeFirst()
      switch c {
      case ".": out += "__dot__"
      case "-": out += "__dash__"
      case "/": out += "__slash__"
      default:
        guard c.isASCII, c.isLetter || c.isNumber || c == "_" else { return nil }
        out.append(c)
      }
    }
    guard let first = out.unicodeScalars.first, Lexer.isIdentStart(first) else { return nil }
    return out
  }
}

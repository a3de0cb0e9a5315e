import CEL

/// Which CEL functions and macros the API server of a Kubernetes minor version offers, so an
/// object-scope policy is emitted as admission policy only where every function it calls exists.
/// Source: the Kubernetes CEL reference (libraries and the version that introduced each).
public enum KubernetesCELSupport {
  /// Functions available in every supported version (1.30+): standard library, conversions, timestamps,
  /// extended strings, Kubernetes lists, regex, URL, quantity, optionals.
  static let always: Set<String> = [
    "size", "matches", "startsWith", "endsWith", "contains", "in",
    "int", "uint", "double", "string", "bytes", "bool", "dyn", "type", "duration", "timestamp",
    "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours", "getMilliseconds",
    "getMinutes", "getMonth", "getSeconds",
    "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "join", "substring", "trim",
    "format", "strings.quote",
    "min", "max", "sum", "isSorted",
    "find", "findAll",
    "url", "isURL", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery",
    "quantity", "isQuantity", "isInteger", "asInteger", "asApproximateFloat", "sign", "add", "sub",
    "isLessThan", "isGreaterThan", "compareTo",
    "optional.of", "optional.none", "optional.ofNonZeroValue", "orValue", "hasValue", "value", "or",
  ]

  /// Functions that arrived later, with the minor version that introduced them.
  static let since: [String: Int] = {
    var table: [String: Int] = [:]
    for f in [
      "ip", "isIP", "ip.isCanonical", "cidr", "isCIDR", "family", "isUnspecified", "isLoopback",
      "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast", "containsIP", "containsCIDR", "masked", "prefixLength",
    ] { table[f] = 31 }
    for f in ["format.named", "validate"] { table[f] = 32 }
    for f in ["semver", "isSemver", "major", "minor", "patch"] { table[f] = 34 }
    return table
  }()

  /// Function namespaces (`math.greatest`): a call on one of these names is that function, not a method.
  static let namespaces: Set<String> = ["format", "math", "sets", "lists", "base64", "strings", "optional", "cel"]

  /// Macros that arrived later (two-variable comprehensions in 1.33).
  static let macrosSince: [CELExpr.MacroKind: Int] = [
    .all2: 33, .exists2: 33, .existsOne2: 33, .transformList: 33, .transformMap: 33, .transformMapEntry: 33,
  ]

  /// What `expr` needs: the lowest minor version that has every function it calls, or the names of
  /// functions no Kubernetes version offers.
  public static func requirement(of expr: CELExpr) -> (minor: Int, unsupported: [String]) {
    var minor = 30
    var unsupported: Set<String> = []
    var stack = [expr]
    while let e = stack.popLast() {
      switch e.kind {
      case .literal, .ident: break
      case .select(let operand, _, _): stack.append(operand)
      case .call(let target, let function, let args):
        stack += args
        var name = function
        if let target {
          if let prefix = qualifiedName(target),
            always.contains(prefix + "." + function) || since[prefix + "." + function] != nil
              || namespaces.contains(prefix)
          {
            name = prefix + "." + function
          } else {
            stack.append(target)
          }
        }
        if name.hasPrefix("_") || name.hasPrefix("@") || name.hasPrefix("!") || name.hasPrefix("-") || always.contains(name) {
          break
        }
        if let v = since[name] {
          minor = max(minor, v)
        } else if name.hasPrefix("format.") {
          minor = max(minor, 32)
        } else {
          unsupported.insert(name)
        }
      case .list(let elements, _): stack += elements
      case .map(let entries): for entry in entries { stack += [entry.key, entry.value] }
      case .message(let typeName, let fields):
        unsupported.insert(typeName + "{}")
        stack += fields.map(\.value)
      case .comprehension(let c):
        if let v = macrosSince[c.kind] { minor = max(minor, v) }
        if c.kind == .bind { unsupported.insert("cel.bind") }
        stack.append(c.range)
        if let p = c.predicate { stack.append(p) }
        if let t = c.transform { stack.append(t) }
      }
    }
    return (minor, unsupported.sorted())
  }

  /// `a.b.c` for an identifier or a chain of selects on one.
  static func qualifiedName(_ e: CELExpr) -> String? {
    switch e.kind {
    case .ident(let name): return name
    case .select(let operand, let field, false): return qualifiedName(operand).map { $0 + "." + field }
    default: return nil
    }
  }
}

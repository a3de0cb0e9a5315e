import Diagnostics
import SpecSyntax

extension SpecDecoder {
  /// Decodes a located `policies/<name>.yaml` tree. Problems are collected in `diagnostics`.
  public func decodePolicy(_ root: LocatedNode, file: String) -> PolicyDocument? {
    guard let (top, name) = header(root, kind: "Policy", file: file), let specNode = top["spec"] else { return nil }
    let path = top.path("spec")
    var spec = PolicySpec(range: specNode.range)
    guard
      let m = mapping(
        specNode, path: path, rule: .policy("spec"), what: "a policy spec")
    else { return PolicyDocument(file: file, name: name, spec: spec) }
    spec.scope = m.decode("scope") { oneOf($0, path: $1, allowed: ["platform", "object"]) }
    spec.severity = m.decode("severity") { oneOf($0, path: $1, allowed: ["error", "warning"]) }
    if let node = m["match"], let match = mapping(node, path: m.path("match"), rule: .policy("spec.match"), what: "match") {
      spec.kinds = match.decode("kinds") { list($0, path: $1, item: nonEmptyString) } ?? []
      spec.namespaces = match.decode("namespaces") { node, p in
        if node.scalar != nil {
          guard let word = oneOf(node, path: p, allowed: ["tenants", "all"]) else { return nil }
          return Located(word.value == "all" ? .all : .tenants, range: word.range, path: word.path)
        }
        guard let names = list(node, path: p, item: nonEmptyString) else { return nil }
        return Located(.named(names.map(\.value)), range: node.range, path: p)
      }
    }
    if spec.scope?.value == "object", m["match"] == nil {
      report(.error(.missingKey, "an object-scope policy needs match.kinds", at: specNode.range, path: path.appending("match")))
    }
    if spec.scope?.value == "platform", let match = m["match"] {
      report(
        .error(
          .invalidValue, "match applies to object-scope policies only", at: match.range, path: path.appending("match"),
          notes: [DiagnosticNote("a platform-scope policy sees the whole platform once; remove match or use scope: object")]))
    }
    spec.variables = m.decode("variables") { list($0, path: $1, item: policyVariable) } ?? []
    spec.rules = m.decode("rules") { list($0, path: $1, item: policyRule) } ?? []
    if let rulesNode = m["rules"], rulesNode.items?.isEmpty == true {
      report(.error(.invalidValue, "a policy needs at least one rule", at: rulesNode.range, path: path.appending("rules")))
    }
    spec.exceptions = m.decode("exceptions") { list($0, path: $1, item: policyException) } ?? []
    return PolicyDocument(file: file, name: name, spec: spec)
  }

  /// A CEL expression: a non-empty string, with its quoting style kept for position mapping.
  public func expression(_ node: LocatedNode, path: DataPath) -> LocatedExpression? {
    guard let text = nonEmptyString(node, path: path), let scalar = node.scalar else { return nil }
    return LocatedExpression(text: text.value, range: node.range, path: path, style: scalar.style)
  }

  func policyVariable(_ node: LocatedNode, _ path: DataPath) -> PolicyVariableSpec? {
    guard let m = mapping(node, path: path, rule: .policy("spec.variables[]"), what: "a policy variable") else {
      return nil
    }
    var variable = PolicyVariableSpec(range: node.range, path: path)
    variable.name = m.decode("name", identifier)
    variable.expression = m.decode("expression", expression)
    return variable
  }

  func policyRule(_ node: LocatedNode, _ path: DataPath) -> PolicyRuleSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .policy("spec.rules[]"), what: "a policy rule")
    else { return nil }
    var rule = PolicyRuleSpec(range: node.range, path: path)
    rule.name = m.decode("name", nonEmptyString)
    rule.expression = m.decode("expression", expression)
    rule.message = m.decode("message", nonEmptyString)
    rule.messageExpression = m.decode("messageExpression", expression)
    if let both = m["messageExpression"], m["message"] != nil {
      report(.error(.invalidValue, "a rule takes message or messageExpression, not both", at: both.range, path: path.appending("messageExpression")))
    }
    return rule
  }

  func policyException(_ node: LocatedNode, _ path: DataPath) -> PolicyExceptionSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .policy("spec.exceptions[]"),
        what: "a policy exception")
    else { return nil }
    var exception = PolicyExceptionSpec(range: node.range, path: path)
    if let matchNode = m["match"],
      let match = mapping(matchNode, path: m.path("match"), rule: .policy("spec.exceptions[].match"), what: "an exception's match")
    {
      let names = { (key: String) in match.decode(key) { self.list($0, path: $1, item: self.nonEmptyString) } ?? [] }
      exception.rules = names("rules")
      exception.kinds = names("kinds")
      exception.namespaces = names("namespaces")
      exception.names = names("names")
    }
    exception.reason = m.decode("reason", nonEmptyString)
    exception.owner = m.decode("owner") { node, p in
      guard let owner = nonEmptyString(node, path: p) else { return nil }
      guard owner.value.hasPrefix("group:") || owner.value.hasPrefix("user:"), !owner.value.hasSuffix(":") else {
        report(.error(.invalidValue, "an exception owner is 'group:<name>' or 'user:<name>', found '\(owner.value)'", at: owner.range, path: p))
        return nil
      }
      return owner
    }
    exception.expires = m.decode("expires") { node, p in
      guard let text = string(node, path: p) else { return nil }
      guard let date = PolicyDate.parse(text.value) else {
        report(.error(.invalidValue, "expires must be a date YYYY-MM-DD, found '\(text.value)'", at: text.range, path: p))
        return nil
      }
      return Located(date, range: text.range, path: p)
    }
    return exception
  }

  /// A CEL identifier (`[A-Za-z_][A-Za-z0-9_]*`).
  func identifier(_ node: LocatedNode, _ path: DataPath) -> Located<String>? {
    guard let name = nonEmptyString(node, path: path) else { return nil }
    let scalars = Array(name.value.unicodeScalars)
    let ok = scalars.enumerated().allSatisfy { i, s in
      s.isASCII && (s == "_" || s.properties.isAlphabetic || (i > 0 && ("0"..."9").contains(s)))
    }
    guard ok else {
      report(
        .error(
          .invalidValue, "variable name '\(name.value)' is not a CEL identifier", at: name.range, path: path,
          notes: [DiagnosticNote("use letters, digits and '_', starting with a letter")]))
      return nil
    }
    return name
  }
}

import CEL
import Diagnostics
import SpecAST
import SpecSyntax

/// Policy documents → compiled policies. CEL errors become diagnostics at the line and column inside
/// the YAML file; everything wrong with a policy is reported, and a policy with any error is dropped.
public enum PolicyCompiler {
  /// Variables each kind of expression may read.
  static let platformNames: Set<String> = ["platform", "objects", "objectsByNamespace", "variables"]
  static let objectVariableNames: Set<String> = ["object", "oldObject", "platform", "variables"]
  static let objectRuleNames: Set<String> = ["object", "oldObject", "variables"]

  /// Cost limits: a platform-scope rule sees the whole platform, an object rule one object.
  public static let platformCostLimit = 50_000_000
  public static let objectCostLimit = 1_000_000

  /// Compiles one decoded document; `text` is the file's text (for positions inside expressions).
  public static func compile(_ doc: PolicyDocument, text: String) -> (policy: CompiledPolicy?, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let positions = ExpressionPosition(text: text)
    let spec = doc.spec
    guard let name = doc.name, let scopeText = spec.scope, let severityText = spec.severity,
      let scope = CompiledPolicy.Scope(rawValue: scopeText.value)
    else { return (nil, []) }
    let severity: Severity = severityText.value == "warning" ? .warning : .error

    var kinds: [KubernetesKind] = []
    for kind in spec.kinds {
      if let known = KubernetesKinds.named(kind.value) {
        if !kinds.contains(known) { kinds.append(known) }
      } else {
        var notes = [DiagnosticNote("known kinds: \(KubernetesKinds.names.joined(separator: ", "))")]
        if let s = Suggestion.didYouMean(kind.value, in: KubernetesKinds.names) { notes.insert(DiagnosticNote(s), at: 0) }
        diagnostics.append(.error(.unknownKind, "unknown kind '\(kind.value)' in match.kinds", at: kind.range, path: kind.path, notes: notes))
      }
    }

    func program(_ expression: LocatedExpression, names: Set<String>, what: String) -> CELProgram? {
      var environment = CELEnvironment(costLimit: scope == .platform ? platformCostLimit : objectCostLimit)
      environment.declaredVariables = names
      do {
        return try CELProgram(compiling: expression.text, environment: environment)
      } catch {
        let code: DiagnosticCode = error.kind == .parse ? .celSyntax : .celCompile
        let at = positions.locate(error.location, in: expression)
        var notes = [DiagnosticNote("in the \(what) of policy '\(name.value)'")]
        if error.kind == .compile, error.message.hasPrefix("undeclared reference to '") {
          notes.append(DiagnosticNote("a \(scope.rawValue)-scope \(what) may read: \(names.sorted().joined(separator: ", "))"))
        }
        diagnostics.append(.error(code, "CEL: \(error.message)", at: at, path: expression.path, notes: notes))
        return nil
      }
    }

    var variables: [CompiledPolicy.Variable] = []
    var seenVariables: Set<String> = []
    for spec in spec.variables {
      guard let vname = spec.name, let expression = spec.expression else { continue }
      if !seenVariables.insert(vname.value).inserted {
        diagnostics.append(.error(.duplicatePolicyName, "variable '\(vname.value)' is declared twice", at: vname.range, path: vname.path))
      }
      let names = scope == .platform ? platformNames : objectVariableNames
      guard let compiled = program(expression, names: names, what: "variable '\(vname.value)'") else { continue }
      let readsPlatform = reads(compiled, "platform")
      let readsObject = reads(compiled, "object") || reads(compiled, "oldObject")
      if scope == .object, readsPlatform, readsObject {
        diagnostics.append(
          .error(
            .celCompile, "variable '\(vname.value)' reads both platform and object", at: expression.range, path: expression.path,
            notes: [DiagnosticNote("admission sees no platform: split it into a platform variable (inlined as a constant) and an object variable")]))
      }
      variables.append(.init(name: vname.value, program: compiled, source: expression, readsPlatform: scope == .object && readsPlatform))
    }

    var rules: [CompiledPolicy.Rule] = []
    var seenRules: Set<String> = []
    let ruleNames = scope == .platform ? platformNames : objectRuleNames
    for (index, spec) in spec.rules.enumerated() {
      let ruleName = spec.name?.value ?? "rule-\(index + 1)"
      if let n = spec.name, !seenRules.insert(n.value).inserted {
        diagnostics.append(.error(.duplicatePolicyName, "rule '\(n.value)' is declared twice", at: n.range, path: n.path))
      }
      guard let expression = spec.expression else { continue }
      let compiled = program(expression, names: ruleNames, what: "rule '\(ruleName)'")
      let message = spec.messageExpression.flatMap { program($0, names: ruleNames, what: "messageExpression of rule '\(ruleName)'") }
      guard let compiled, spec.messageExpression == nil || message != nil else { continue }
      rules.append(
        .init(
          name: ruleName, program: compiled, source: expression, message: spec.message?.value, messageProgram: message,
          messageSource: spec.messageExpression))
    }

    var exceptions: [CompiledPolicy.Exception] = []
    for spec in spec.exceptions {
      guard let reason = spec.reason, let owner = spec.owner, let expires = spec.expires else { continue }
      for rule in spec.rules where !rules.contains(where: { $0.name == rule.value }) && !seenRules.contains(rule.value) {
        let known = rules.map(\.name)
        var notes = [DiagnosticNote("rules of this policy: \(known.joined(separator: ", "))")]
        if let s = Suggestion.didYouMean(rule.value, in: known) { notes.insert(DiagnosticNote(s), at: 0) }
        diagnostics.append(.error(.unknownRule, "exception names unknown rule '\(rule.value)'", at: rule.range, path: rule.path, notes: notes))
      }
      if scope == .platform, let first = (spec.kinds + spec.namespaces + spec.names).first {
        diagnostics.append(
          .error(
            .invalidValue, "a platform-scope exception matches rules only", at: first.range, path: first.path,
            notes: [DiagnosticNote("kinds, namespaces and names select objects of object-scope policies")]))
      }
      exceptions.append(
        .init(
          rules: spec.rules.map(\.value), kinds: spec.kinds.map(\.value), namespaces: spec.namespaces.map(\.value),
          names: spec.names.map(\.value), reason: reason.value, owner: owner.value, expires: expires.value,
          range: spec.range, expiresRange: expires.range))
    }

    if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
    var policy = CompiledPolicy(
      name: name.value, file: doc.file, scope: scope, severity: severity, kinds: kinds, variables: variables, rules: rules,
      exceptions: exceptions, range: name.range)
    if let namespaces = spec.namespaces {
      policy.namespaces = namespaces.value
      if case .named(let names) = namespaces.value, names.isEmpty {
        diagnostics.append(
          .error(
            .invalidValue, "match.namespaces lists no namespace", at: namespaces.range, path: namespaces.path,
            notes: [DiagnosticNote("name namespaces, or write tenants (the default) or all")]))
        return (nil, diagnostics)
      }
    }
    return (policy, diagnostics)
  }

  /// True when `program` reads the top-level variable `root`.
  static func reads(_ program: CELProgram, _ root: String) -> Bool {
    program.variables.contains { $0 == root || $0.hasPrefix(root + ".") }
  }
}

extension DiagnosticCode {
  public static let celSyntax = DiagnosticCode("policy.cel-syntax")
  public static let celCompile = DiagnosticCode("policy.cel-compile")
  public static let unknownKind = DiagnosticCode("policy.unknown-kind")
  public static let unknownRule = DiagnosticCode("policy.unknown-rule")
  public static let duplicatePolicyName = DiagnosticCode("policy.duplicate-name")
}

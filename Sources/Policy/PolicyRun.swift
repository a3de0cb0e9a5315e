import Artifacts
import CEL
import Diagnostics
import SpecAST

/// The evaluation of one policy over its subjects, collecting violations and diagnostics.
struct PolicyRun {
  let policy: CompiledPolicy
  let engine: PolicyEngine
  var subjects = 0
  var suppressed = 0
  var violations: [Violation] = []
  var diagnostics: [Diagnostic] = []

  init(policy: CompiledPolicy, engine: PolicyEngine) {
    self.policy = policy
    self.engine = engine
  }

  private func position(_ error: CELError, _ expression: LocatedExpression) -> SourceRange {
    engine.sources[expression.range.start.file]?.locate(error.location, in: expression) ?? expression.range
  }

  private mutating func evaluationError(_ error: CELError, in expression: LocatedExpression, what: String, object: PolicyObject?) {
    var notes = [DiagnosticNote("in \(what) of policy '\(policy.name)'")]
    if let suggestion = Self.keySuggestion(error.message) { notes.insert(DiagnosticNote(suggestion), at: 0) }
    if let object { notes += objectNotes(object) }
    let summary =
      error.kind == .costLimitExceeded
      ? "CEL evaluation exceeded its cost limit: \(error.message)" : "CEL evaluation failed: \(error.message)"
    diagnostics.append(.error(.policyEvaluation, summary, at: position(error, expression), path: expression.path, notes: notes))
  }

  /// For `no such key: trafic (keys: traffic, version)`: `did you mean 'traffic'?`.
  static func keySuggestion(_ message: String) -> String? {
    guard message.hasPrefix("no such key: "), let open = message.range(of: " (keys: "), message.hasSuffix(")") else { return nil }
    let key = String(message[message.index(message.startIndex, offsetBy: 13)..<open.lowerBound])
    let keys = message[open.upperBound..<message.index(before: message.endIndex)].components(separatedBy: ", ")
    return Suggestion.didYouMean(key, in: keys)
  }

  private func objectNotes(_ object: PolicyObject, originShown: Bool = false) -> [DiagnosticNote] {
    var notes = [DiagnosticNote("object: \(object.identity)" + (object.path.map { " (\($0))" } ?? ""))]
    if let origin = object.origin, !originShown { notes.append(DiagnosticNote("object rendered from here", at: origin)) }
    return notes
  }

  /// Evaluates the platform-reading variables of an object-scope policy once (nil on error, reported).
  mutating func platformConstants(_ platform: CELValue) -> [String: CELValue]? {
    var values: [String: CELValue] = [:]
    for variable in policy.variables where variable.readsPlatform {
      do {
        values[variable.name] = try variable.program.evaluate(bindings: ["platform": platform, "variables": .map(CELMap(values))])
      } catch {
        evaluationError(error, in: variable.source, what: "variable '\(variable.name)'", object: nil)
        return nil
      }
    }
    return values
  }

  /// Evaluates variables, then every rule, for one subject.
  mutating func evaluate(bindings base: [String: CELValue], object: PolicyObject?, constants: [String: CELValue] = [:]) {
    var bindings = base
    var values = constants
    for variable in policy.variables where constants[variable.name] == nil {
      bindings["variables"] = .map(CELMap(values))
      do {
        values[variable.name] = try variable.program.evaluate(bindings: bindings)
      } catch {
        evaluationError(error, in: variable.source, what: "variable '\(variable.name)'", object: object)
        return
      }
    }
    bindings["variables"] = .map(CELMap(values))
    for rule in policy.rules {
      let passed: Bool
      do {
        let value = try rule.program.evaluate(bindings: bindings)
        guard case .bool(let b) = value else {
          evaluationError(
            CELError(.evaluation, "a rule must be true or false, this one is \(value.celType.name)"), in: rule.source, what: "rule '\(rule.name)'",
            object: object)
          continue
        }
        passed = b
      } catch {
        evaluationError(error, in: rule.source, what: "rule '\(rule.name)'", object: object)
        continue
      }
      if passed { continue }
      var message = rule.message ?? "rule '\(rule.name)' failed: \(rule.source.text)"
      var extraNotes: [DiagnosticNote] = []
      if let program = rule.messageProgram, let source = rule.messageSource {
        do {
          if case .string(let s) = try program.evaluate(bindings: bindings) {
            message = s
          } else {
            extraNotes.append(DiagnosticNote("messageExpression did not return a string"))
          }
        } catch {
          extraNotes.append(DiagnosticNote("messageExpression failed: \(error.message)", at: position(error, source)))
        }
      }
      if let exception = waiver(rule: rule.name, object: object) {
        if exception.expires >= engine.today {
          suppressed += 1
          continue
        }
      }
      var notes = [DiagnosticNote("policy '\(policy.name)', rule '\(rule.name)'", at: rule.source.range)]
      if let object { notes += objectNotes(object, originShown: true) }
      notes += extraNotes
      let range = object?.origin ?? rule.source.range
      let diagnostic = Diagnostic(policy.severity, .violation(of: policy.name), message, at: range, path: nil, notes: notes)
      diagnostics.append(diagnostic)
      violations.append(
        Violation(policy: policy.name, rule: rule.name, severity: policy.severity, message: message, object: object?.identity, diagnostic: diagnostic)
      )
    }
  }

  /// The first exception whose match covers this rule and object (unexpired ones first).
  func waiver(rule: String, object: PolicyObject?) -> CompiledPolicy.Exception? {
    let matching = policy.exceptions.filter { e in
      guard e.rules.isEmpty || e.rules.contains(rule) else { return false }
      guard let object else { return true }
      return Self.covers(e.kinds, object.identity.kind) && Self.covers(e.namespaces, object.identity.namespace ?? "")
        && Self.covers(e.names, object.identity.name)
    }
    return matching.first { $0.expires >= engine.today } ?? matching.first
  }

  /// Empty patterns cover everything; a pattern ending in `*` is a prefix.
  static func covers(_ patterns: [String], _ value: String) -> Bool {
    patterns.isEmpty || patterns.contains { $0.hasSuffix("*") ? value.hasPrefix(String($0.dropLast())) : $0 == value }
  }
}

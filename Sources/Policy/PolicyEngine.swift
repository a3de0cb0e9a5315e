import Artifacts
import CEL
import Diagnostics
import SpecAST

/// Evaluates compiled policies: platform-scope rules once against `platform` (and `objects`),
/// object-scope rules against every object of a matching kind. Violations become diagnostics;
/// unexpired exceptions waive them; expired exceptions are violations themselves.
public struct PolicyEngine: Sendable {
  /// The day exceptions are compared against (injected, so tests do not depend on the clock).
  public var today: PolicyDate
  /// Text of the policy files, for mapping evaluation-error positions into them.
  public var sources: [String: ExpressionPosition]

  public init(today: PolicyDate, policyTexts: [String: String] = [:]) {
    self.today = today
    self.sources = policyTexts.mapValues(ExpressionPosition.init(text:))
  }

  /// Evaluates every policy of `policies` on `input`.
  public func evaluate(_ policies: [CompiledPolicy], on input: PolicyInput) -> PolicyReport {
    var report = PolicyReport()
    var objectValues: [CELValue?] = Array(repeating: nil, count: input.objects.count)
    func objectValue(_ i: Int) -> CELValue {
      if let v = objectValues[i] { return v }
      let v = input.objects[i].value
      objectValues[i] = v
      return v
    }
    var allObjects: CELValue?
    var byNamespace: CELValue?
    let platformValue = input.platformValue(for: policies)
    for policy in policies {
      var run = PolicyRun(policy: policy, engine: self)
      for exception in policy.exceptions where exception.expires < today {
        run.diagnostics.append(
          Diagnostic(
            policy.severity, .exceptionExpired,
            "exception to policy '\(policy.name)' expired on \(exception.expires) (owner \(exception.owner))",
            at: exception.expiresRange,
            notes: [
              DiagnosticNote("reason given: \(exception.reason)"),
              DiagnosticNote("renew it with a new date after review, or fix what it waived and delete it"),
            ]))
      }
      switch policy.scope {
      case .platform:
        // Policy tests may give only objects; `platform` is then an empty map.
        var bindings: [String: CELValue] = ["platform": platformValue ?? .map(CELMap())]
        if policy.readsObjects {
          if allObjects == nil { allObjects = .list(input.objects.indices.map(objectValue)) }
          bindings["objects"] = allObjects
        }
        if policy.reads("objectsByNamespace") {
          if byNamespace == nil {
            var groups: [String: [CELValue]] = [:]
            for (i, object) in input.objects.enumerated() {
              if let ns = object.identity.namespace { groups[ns, default: []].append(objectValue(i)) }
            }
            byNamespace = .map(CELMap(replacingDuplicates: groups.keys.sorted().map { (.string($0), .list(groups[$0] ?? [])) }))
          }
          bindings["objectsByNamespace"] = byNamespace
        }
        run.subjects = 1
        run.evaluate(bindings: bindings, object: nil)
      case .object:
        var constants: [String: CELValue]?
        if policy.variables.contains(where: \.readsPlatform) {
          guard let platform = platformValue else { break }
          constants = run.platformConstants(platform)
          if constants == nil { break }
        }
        for (i, object) in input.objects.enumerated() where policy.kinds.contains(where: object.matches) && policy.reaches(object) {
          run.subjects += 1
          run.evaluate(bindings: ["object": objectValue(i), "oldObject": .null], object: object, constants: constants ?? [:])
        }
      }
      report.violations += run.violations
      report.outcomes.append(
        PolicyOutcome(
          policy: policy.name, file: policy.file, scope: policy.scope, severity: policy.severity, subjects: run.subjects,
          diagnostics: run.diagnostics, suppressed: run.suppressed))
    }
    return report
  }
}

extension CompiledPolicy {
  /// True when some expression reads `objects` (the list of every emitted object).
  var readsObjects: Bool { reads("objects") }

  /// True when some expression reads the top-level variable `name`.
  func reads(_ name: String) -> Bool { programs.contains { PolicyCompiler.reads($0, name) } }
}

import Artifacts
import CEL
import Diagnostics
import Policy
import SpecAST

/// Object-scope policies → `ValidatingAdmissionPolicy` + `ValidatingAdmissionPolicyBinding`
/// (admissionregistration.k8s.io/v1), one pair per policy in each environment's `cluster/` directory.
///
/// Variables that read `platform` are evaluated here and inlined as CEL literals (admission sees no
/// platform). Exceptions become part of the rule (`waiver || rule`), whatever their date: admission
/// output must not depend on the day it was rendered; `paved check` fails on expired exceptions.
/// A policy calling a function the target Kubernetes version lacks is not emitted and is reported.
public enum AdmissionEmitter {
  /// What one environment's cluster directory gets, and the warnings about policies left out.
  public struct Output: Sendable {
    public var artifacts: [Artifact] = []
    public var diagnostics: [Diagnostic] = []
  }

  /// The admission objects of `policies` for environment `env`.
  /// - Parameters:
  ///   - kubernetesMinor: the target cluster's minor version (e.g. 33).
  ///   - platform: the `platform` value, for variables that read it.
  ///   - labels: labels every emitted object carries (sorted by the caller).
  ///   - systemNamespaces: namespaces a binding never reaches unless a policy names them.
  ///   - platformName: the platform whose tenant namespaces a default binding selects.
  public static func emit(
    _ policies: [CompiledPolicy], env: String, kubernetesMinor: Int, platform: CELValue, labels: [(String, String)],
    annotations: [(String, String)] = [], systemNamespaces: [String] = [], platformName: String = ""
  ) -> Output {
    var out = Output()
    for policy in policies where policy.scope == .object {
      switch policy.namespaces {
      case .tenants: break
      case .all:
        out.diagnostics.append(
          .warning(
            .admissionScope, "policy '\(policy.name)' applies at admission to every namespace but the system ones", at: policy.range,
            notes: [DiagnosticNote("not matched: \(systemNamespaces.joined(separator: ", ")); a Deny there could block the platform's own rollouts")])
        )
      case .named(let names):
        let system = names.filter(systemNamespaces.contains)
        if !system.isEmpty {
          out.diagnostics.append(
            .warning(
              .admissionScope,
              "policy '\(policy.name)' applies at admission to system namespace\(system.count == 1 ? "" : "s") \(system.joined(separator: ", "))",
              at: policy.range,
              notes: [
                DiagnosticNote(
                  "a Deny there blocks the rollouts of what runs in them (KServe, Kueue, the GitOps controller, …) when they break the rule")
              ]))
        }
      }
      var needed = 30
      var missing: Set<String> = []
      let programs =
        policy.variables.filter { !$0.readsPlatform }.map(\.program) + policy.rules.map(\.program)
        + policy.rules.compactMap(\.messageProgram)
      for program in programs {
        let r = KubernetesCELSupport.requirement(of: program.ast)
        needed = max(needed, r.minor)
        missing.formUnion(r.unsupported)
      }
      if !missing.isEmpty || needed > kubernetesMinor {
        let why =
          missing.isEmpty
          ? "it needs Kubernetes 1.\(needed), the platform targets 1.\(kubernetesMinor)"
          : "it calls \(missing.sorted().joined(separator: ", ")), which Kubernetes CEL does not offer"
        out.diagnostics.append(
          .warning(
            .admissionUnsupported, "policy '\(policy.name)' is not emitted as a ValidatingAdmissionPolicy: \(why)",
            at: policy.range, notes: [DiagnosticNote("paved check still enforces it in CI")]))
        continue
      }
      var variables: [KValue] = []
      var constants: [String: CELValue] = [:]
      var failed = false
      for variable in policy.variables {
        var expression = variable.source.text
        if variable.readsPlatform {
          do throws(CELError) {
            let value = try variable.program.evaluate(bindings: ["platform": platform, "variables": .map(CELMap(constants))])
            constants[variable.name] = value
            guard let literal = CELLiteral.source(value) else { throw CELError(.evaluation, "its value has no CEL literal form") }
            expression = literal
          } catch {
            out.diagnostics.append(
              .error(
                .policyEvaluation, "policy '\(policy.name)': variable '\(variable.name)' could not be evaluated for admission: \(error.message)",
                at: variable.source.range, path: variable.source.path))
            failed = true
            break
          }
        }
        variables.append(.object(["name": .string(variable.name), "expression": .string(expression)]))
      }
      if failed { continue }
      let validations: [KValue] = policy.rules.map { rule in
        var m = KMap()
        m.append("expression", .string(guarded(rule, policy)))
        if let message = rule.message { m.append("message", .string(message)) }
        if let source = rule.messageSource { m.append("messageExpression", .string(source.text)) }
        if rule.message == nil && rule.messageSource == nil { m.append("message", .string("rule '\(rule.name)' of policy '\(policy.name)' failed")) }
        return .map(m)
      }
      let name = "paved-\(policy.name)"
      var spec = KMap()
      spec.append("failurePolicy", .string("Fail"))
      spec.append("matchConstraints", .object(["resourceRules": .list(resourceRules(policy.kinds))]))
      if !variables.isEmpty { spec.append("variables", .list(variables)) }
      spec.append("validations", .list(validations))
      let meta = metadata(
        name, labels: labels, annotations: annotations + [("paved.dev/policy-source", policy.source.isEmpty ? policy.file : policy.source)])
      let vap: KValue = .object([
        "apiVersion": .string("admissionregistration.k8s.io/v1"), "kind": .string("ValidatingAdmissionPolicy"),
        "metadata": meta, "spec": .map(spec),
      ])
      let binding: KValue = .object([
        "apiVersion": .string("admissionregistration.k8s.io/v1"), "kind": .string("ValidatingAdmissionPolicyBinding"),
        "metadata": metadata(name, labels: labels, annotations: annotations),
        "spec": .object([
          "policyName": .string(name),
          "validationActions": .list([.string(policy.severity == .error ? "Deny" : "Warn")]),
          "matchResources": .object(["namespaceSelector": namespaceSelector(policy.namespaces, system: systemNamespaces, platform: platformName)]),
        ]),
      ])
      out.artifacts.append(.manifest(path: "\(env)/cluster/validatingadmissionpolicy-\(name).yaml", object: vap, origin: policy.range))
      out.artifacts.append(.manifest(path: "\(env)/cluster/validatingadmissionpolicybinding-\(name).yaml", object: binding, origin: policy.range))
    }
    return out
  }

  /// The namespaces a binding reaches: Paved's tenant namespaces of this platform by default.
  static func namespaceSelector(_ scope: PolicyNamespaces, system: [String], platform: String) -> KValue {
    func expression(_ key: String, _ op: String, _ values: [String]) -> KValue {
      var m = KMap()
      m.append("key", .string(key))
      m.append("operator", .string(op))
      if !values.isEmpty { m.append("values", .list(values.map { .string($0) })) }
      return .map(m)
    }
    switch scope {
    case .tenants:
      return .object([
        "matchExpressions": .list([expression("paved.dev/tenant", "Exists", [])]),
        "matchLabels": .object(["app.kubernetes.io/managed-by": .string("paved"), "paved.dev/platform": .string(platform)]),
      ])
    case .all:
      return .object(["matchExpressions": .list([expression("kubernetes.io/metadata.name", "NotIn", system.sorted())])])
    case .named(let names):
      return .object(["matchExpressions": .list([expression("kubernetes.io/metadata.name", "In", names.sorted())])])
    }
  }

  static func metadata(_ name: String, labels: [(String, String)], annotations: [(String, String)]) -> KValue {
    var m = KMap()
    m.append("name", .string(name))
    m.append("labels", .map(KMap(labels.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: .string($0.1)) })))
    if !annotations.isEmpty {
      m.append("annotations", .map(KMap(annotations.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: .string($0.1)) })))
    }
    return .map(m)
  }

  /// One resource rule per API group and version, resources sorted.
  static func resourceRules(_ kinds: [KubernetesKind]) -> [KValue] {
    var byGroup: [String: (group: String, version: String, resources: [String])] = [:]
    for k in kinds { byGroup[k.apiVersion, default: (k.group, k.version, [])].resources.append(k.resource) }
    return byGroup.keys.sorted().compactMap { key in
      guard let g = byGroup[key] else { return nil }
      return .object([
        "apiGroups": .list([.string(g.group)]), "apiVersions": .list([.string(g.version)]),
        "operations": .list([.string("CREATE"), .string("UPDATE")]),
        "resources": .list(g.resources.sorted().map { .string($0) }),
      ])
    }
  }

  /// The rule's expression, or'ed with the exceptions that cover it.
  static func guarded(_ rule: CompiledPolicy.Rule, _ policy: CompiledPolicy) -> String {
    let waivers = policy.exceptions.filter { $0.rules.isEmpty || $0.rules.contains(rule.name) }.map(condition)
    guard !waivers.isEmpty else { return rule.source.text }
    return (waivers + ["(\(rule.source.text))"]).joined(separator: " || ")
  }

  static func condition(_ e: CompiledPolicy.Exception) -> String {
    func field(_ patterns: [String], _ path: String) -> String? {
      guard !patterns.isEmpty else { return nil }
      let tests = patterns.map { p in
        p.hasSuffix("*") ? "\(path).startsWith(\(CELLiteral.quote(String(p.dropLast()))))" : "\(path) == \(CELLiteral.quote(p))"
      }
      return tests.count == 1 ? tests[0] : "(" + tests.joined(separator: " || ") + ")"
    }
    let parts = [
      field(e.kinds, "object.kind"), field(e.namespaces, "object.metadata.?namespace.orValue(\"\")"),
      field(e.names, "object.metadata.name"),
    ].compactMap { $0 }
    return "(" + (parts.isEmpty ? "true" : parts.joined(separator: " && ")) + ")"
  }
}

extension DiagnosticCode {
  /// An object-scope policy cannot run at admission on the target Kubernetes version.
  public static let admissionUnsupported = DiagnosticCode("policy.admission-unsupported")
  /// An object-scope policy reaches beyond the tenant namespaces at admission.
  public static let admissionScope = DiagnosticCode("policy.admission-scope")
}

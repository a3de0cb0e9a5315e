import Artifacts
import CEL
import Diagnostics
import EmitAdmission
import Policy
import XCTest

/// Object-scope policies as ValidatingAdmissionPolicy + binding; version gating; platform constants.
final class AdmissionEmitterTests: XCTestCase {
  func policy(_ spec: String, name: String = "p") throws -> CompiledPolicy {
    let (policy, diagnostics) = compilePolicy(policyText(spec, name: name))
    XCTAssertEqual(diagnostics, [])
    return try XCTUnwrap(policy)
  }

  func emit(_ policies: [CompiledPolicy], minor: Int, platform: CELValue = [:]) -> AdmissionEmitter.Output {
    AdmissionEmitter.emit(policies, env: "prod", kubernetesMinor: minor, platform: platform, labels: [("paved.dev/environment", "prod")])
  }

  func testAnObjectPolicyBecomesAPolicyAndABindingWithItsKindsAndAction() throws {
    let p = try policy(
      """
        scope: object
        severity: warning
        match: { kinds: [Deployment, Pod, StatefulSet] }
        variables:
          - { name: allowed, expression: "platform.allowedSources.registries" }
        rules:
          - expression: "object.spec.replicas <= 10"
            message: "at most 10 replicas"
        exceptions:
          - { match: { namespaces: [legacy-*], names: [big] }, reason: r, owner: "group:x", expires: 2027-01-01 }

      """)
    let out = emit([p], minor: 30, platform: ["allowedSources": ["registries": ["ghcr.io/acme/"]]])
    XCTAssertEqual(out.diagnostics, [])
    XCTAssertEqual(
      out.artifacts.map(\.path),
      ["prod/cluster/validatingadmissionpolicy-paved-p.yaml", "prod/cluster/validatingadmissionpolicybinding-paved-p.yaml"])
    let vap = try XCTUnwrap(out.artifacts.first?.object)
    XCTAssertEqual(vap["apiVersion"]?.string, "admissionregistration.k8s.io/v1")
    let rules = vap[path: "spec.matchConstraints.resourceRules"]
    guard case .list(let items)? = rules else { return XCTFail("resourceRules") }
    XCTAssertEqual(items.count, 2, "apps/v1 and core v1, sorted by API version")
    XCTAssertEqual(items[0]["apiGroups"], .list([.string("apps")]))
    XCTAssertEqual(items[0]["resources"], .list([.string("deployments"), .string("statefulsets")]))
    XCTAssertEqual(items[1]["apiGroups"], .list([.string("")]))
    XCTAssertEqual(items[1]["apiVersions"], .list([.string("v1")]))
    XCTAssertEqual(items[1]["resources"], .list([.string("pods")]))
    guard case .list(let variables)? = vap[path: "spec.variables"] else { return XCTFail("variables") }
    XCTAssertEqual(variables.first?["expression"]?.string, "[\"ghcr.io/acme/\"]", "platform constants are inlined")
    guard case .list(let validations)? = vap[path: "spec.validations"] else { return XCTFail("validations") }
    let expression = try XCTUnwrap(validations.first?["expression"]?.string)
    XCTAssertEqual(
      expression,
      "(object.metadata.?namespace.orValue(\"\").startsWith(\"legacy-\") && object.metadata.name == \"big\") || (object.spec.replicas <= 10)")
    // The emitted expression is CEL that behaves as intended.
    let program = try CELProgram(compiling: expression)
    XCTAssertEqual(
      try program.evaluate(bindings: ["object": ["metadata": ["name": "big", "namespace": "legacy-a"], "spec": ["replicas": 50]]]), .bool(true))
    XCTAssertEqual(
      try program.evaluate(bindings: ["object": ["metadata": ["name": "big", "namespace": "prod"], "spec": ["replicas": 50]]]), .bool(false))
    let binding = try XCTUnwrap(out.artifacts.last?.object)
    XCTAssertEqual(binding[path: "spec.validationActions"], .list([.string("Warn")]))
    XCTAssertEqual(binding[path: "spec.policyName"]?.string, "paved-p")
  }

  /// `matchResources.namespaceSelector` of the policy's binding, emitted with the given system namespaces.
  private func selector(_ namespaces: String) throws -> (KValue?, [Diagnostic]) {
    let p = try policy("  scope: object\n  severity: error\n  match: { kinds: [Pod]\(namespaces) }\n  rules:\n    - expression: \"true\"\n")
    let out = AdmissionEmitter.emit(
      [p], env: "prod", kubernetesMinor: 33, platform: [:], labels: [], systemNamespaces: ["kserve", "kube-system"], platformName: "acme")
    return (out.artifacts.last?.object?[path: "spec.matchResources.namespaceSelector"], out.diagnostics)
  }

  func testABindingReachesTheTenantNamespacesByDefault() throws {
    let (tenants, quiet) = try selector("")
    XCTAssertEqual(quiet, [])
    XCTAssertEqual(tenants?[path: "matchLabels"], .object(["app.kubernetes.io/managed-by": .string("paved"), "paved.dev/platform": .string("acme")]))
    XCTAssertEqual(tenants?[path: "matchExpressions"], .list([.object(["key": .string("paved.dev/tenant"), "operator": .string("Exists")])]))
    XCTAssertEqual(try selector(", namespaces: tenants").0, tenants)
  }

  func testAWiderScopeIsAskedForAndWarnedAbout() throws {
    let (all, warnings) = try selector(", namespaces: all")
    XCTAssertEqual(
      all?[path: "matchExpressions"],
      .list([
        .object([
          "key": .string("kubernetes.io/metadata.name"), "operator": .string("NotIn"), "values": .list([.string("kserve"), .string("kube-system")]),
        ])
      ]))
    XCTAssertEqual(warnings.map(\.code), [.admissionScope])
    XCTAssertTrue(warnings.first?.notes.first?.message.contains("kserve, kube-system") ?? false)
    let (named, systemWarning) = try selector(", namespaces: [kube-system, team-a]")
    XCTAssertEqual(
      named?[path: "matchExpressions"],
      .list([
        .object([
          "key": .string("kubernetes.io/metadata.name"), "operator": .string("In"), "values": .list([.string("kube-system"), .string("team-a")]),
        ])
      ]))
    XCTAssertEqual(systemWarning.map(\.code), [.admissionScope])
    XCTAssertTrue(systemWarning.first?.summary.contains("system namespace kube-system") ?? false)
    XCTAssertEqual(try selector(", namespaces: [team-a]").1, [])
  }

  func testANamespaceScopeIsTenantsAllOrNames() {
    let (_, diagnostics) = compilePolicy(
      policyText(
        "  scope: object\n  severity: error\n  match: { kinds: [Pod], namespaces: everyone }\n  rules:\n    - expression: \"true\"\n", name: "p"))
    XCTAssertEqual(diagnostics.map(\.code.rawValue), ["spec.invalid-value"])
  }

  func testPlatformScopePoliciesAreCIOnly() throws {
    let p = try policy("  scope: platform\n  severity: error\n  rules:\n    - expression: \"true\"\n")
    XCTAssertTrue(emit([p], minor: 37).artifacts.isEmpty)
  }

  func testAFunctionTheVersionLacksIsReportedNotDropped() throws {
    let ip = try policy(
      "  scope: object\n  severity: error\n  match: { kinds: [Service] }\n  rules:\n    - expression: \"isIP(object.spec.clusterIP)\"\n", name: "ips")
    let semver = try policy(
      "  scope: object\n  severity: error\n  match: { kinds: [Pod] }\n  rules:\n    - expression: \"semver(object.metadata.labels.v).major() >= 1\"\n",
      name: "semver")
    let twoVar = try policy(
      "  scope: object\n  severity: error\n  match: { kinds: [Pod] }\n  rules:\n    - expression: \"object.metadata.labels.all(k, v, v != '')\"\n",
      name: "labels")
    let never = try policy(
      "  scope: object\n  severity: error\n  match: { kinds: [Pod] }\n  rules:\n    - expression: \"math.greatest(1, 2) == 2\"\n", name: "math")
    let all = [ip, semver, twoVar, never]
    func emitted(_ minor: Int) -> [String] {
      emit(all, minor: minor).artifacts.compactMap { $0.identity?.kind == "ValidatingAdmissionPolicy" ? $0.identity?.name : nil }
    }
    XCTAssertEqual(emitted(30), [])
    XCTAssertEqual(emitted(31), ["paved-ips"])
    XCTAssertEqual(emitted(33), ["paved-ips", "paved-labels"])
    XCTAssertEqual(emitted(34), ["paved-ips", "paved-semver", "paved-labels"])
    let warnings = emit(all, minor: 33).diagnostics
    XCTAssertEqual(warnings.map(\.severity), [.warning, .warning])
    XCTAssertEqual(warnings.map(\.code), [.admissionUnsupported, .admissionUnsupported])
    XCTAssertTrue(warnings[0].summary.contains("'semver'") && warnings[0].summary.contains("needs Kubernetes 1.34"), warnings[0].summary)
    XCTAssertTrue(warnings[1].summary.contains("math.greatest"), warnings[1].summary)
  }

  func testCELLiteralsRoundTrip() throws {
    let value: CELValue = ["a": [1, "x\"y\n", true, .null, 2.5], "b": [:]]
    let literal = try XCTUnwrap(CELLiteral.source(value))
    XCTAssertEqual(try CELProgram(compiling: literal + " == v").evaluate(bindings: ["v": value]), .bool(true))
  }
}

/// `paved cel eval`.
final class CELEvaluationTests: XCTestCase {
  func testInputKeysAreVariablesAndTheResultIsJSON() throws {
    let input = "platform:\n  tenants: [{ name: a, gpus: 2 }, { name: b, gpus: 3 }]\nlimit: 4\n"
    let out = CELEvaluation.evaluate(
      "{'total': platform.tenants.map(t, t.gpus).sum(), 'over': platform.tenants.map(t, t.gpus).sum() > limit}", input: (Array(input.utf8), "in.yaml")
    )
    XCTAssertEqual(out.diagnostics, [])
    let json = try XCTUnwrap(out.json)
    let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    XCTAssertEqual(parsed["total"] as? Int, 5)
    XCTAssertEqual(parsed["over"] as? Bool, true)
  }

  func testErrorsAreLocatedInTheExpression() {
    let out = CELEvaluation.evaluate("1 + nope", input: nil)
    XCTAssertNil(out.json)
    XCTAssertEqual(out.diagnostics.map(\.code), [.celCompile])
    XCTAssertEqual(out.diagnostics.first?.range?.start.column, 5)
    XCTAssertTrue(out.diagnostics.first?.notes.first?.message.contains("--input") ?? false)
  }

  func testAnInputThatIsNotAMappingIsAnError() {
    let out = CELEvaluation.evaluate("1", input: (Array("- a\n".utf8), "in.yaml"))
    XCTAssertNil(out.json)
    XCTAssertEqual(out.diagnostics.map(\.code), [.celInput])
  }
}

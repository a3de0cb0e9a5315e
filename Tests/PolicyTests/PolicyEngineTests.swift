import CEL
import Diagnostics
import PlatformModel
import Policy
import SpecAST
import XCTest

/// Evaluation: violations with positions, exceptions (valid, expired), the cost limit.
final class PolicyEngineTests: XCTestCase {
  static let registry = policyText(
    """
      scope: object
      severity: error
      match: { kinds: [Pod] }
      variables:
        - { name: images, expression: "object.spec.containers.map(c, c.image)" }
      rules:
        - name: registry
          expression: "variables.images.all(i, i.startsWith('ghcr.io/acme/'))"
          message: "images must come from ghcr.io/acme/"
      exceptions:
        - match: { namespaces: [legacy-*] }
          reason: migrating off Docker Hub
          owner: group:platform
          expires: 2027-01-31

    """)

  static func pod(_ namespace: String, _ image: String) -> PolicyObject {
    PolicyObject(value: [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": .string(namespace)],
      "spec": ["containers": [["name": "c", "image": .string(image)]]],
    ])
  }

  func evaluate(_ text: String, today: PolicyDate = day, objects: [PolicyObject] = [], platform: CELValue? = nil) throws -> PolicyReport {
    let (policy, diagnostics) = compilePolicy(text)
    XCTAssertEqual(diagnostics, [])
    let compiled = try XCTUnwrap(policy)
    return PolicyEngine(today: today, policyTexts: ["policies/p.yaml": text]).evaluate(
      [compiled], on: PolicyInput(platform: platform, objects: objects))
  }

  func testViolationNamesPolicyRuleMessageAndObject() throws {
    let report = try evaluate(Self.registry, objects: [Self.pod("search", "docker.io/nginx"), Self.pod("search", "ghcr.io/acme/ok")])
    XCTAssertEqual(report.violations.count, 1)
    let v = try XCTUnwrap(report.violations.first)
    XCTAssertEqual(v.policy, "p")
    XCTAssertEqual(v.rule, "registry")
    XCTAssertEqual(v.message, "images must come from ghcr.io/acme/")
    XCTAssertEqual(v.diagnostic.code.rawValue, "policy/p")
    XCTAssertTrue(v.diagnostic.notes.contains { $0.message.contains("rule 'registry'") && $0.range?.start.line == 13 })
    XCTAssertTrue(v.diagnostic.notes.contains { $0.message.contains("v1 Pod search/p") })
    XCTAssertEqual(report.outcomes.first?.subjects, 2)
  }

  func testAValidExceptionWaivesMatchingObjectsOnly() throws {
    let report = try evaluate(Self.registry, objects: [Self.pod("legacy-batch", "docker.io/x"), Self.pod("search", "docker.io/y")])
    XCTAssertEqual(report.violations.map { $0.object?.namespace }, ["search"])
    XCTAssertEqual(report.outcomes.first?.suppressed, 1)
    XCTAssertFalse(report.diagnostics.contains { $0.code == .exceptionExpired })
  }

  func testAnExpiredExceptionIsAViolationAndWaivesNothing() throws {
    let report = try evaluate(Self.registry, today: PolicyDate(year: 2027, month: 2, day: 1), objects: [Self.pod("legacy-batch", "docker.io/x")])
    XCTAssertEqual(report.violations.count, 1, "the waived object is reported again")
    let expired = report.diagnostics.filter { $0.code == .exceptionExpired }
    XCTAssertEqual(expired.count, 1)
    XCTAssertEqual(expired.first?.severity, .error)
    XCTAssertEqual(expired.first?.range?.start.line, 19, "points at expires:")
    XCTAssertTrue(expired.first?.summary.contains("expired on 2027-01-31") ?? false)
  }

  func testTheLastDayOfAnExceptionStillCounts() throws {
    let report = try evaluate(Self.registry, today: PolicyDate(year: 2027, month: 1, day: 31), objects: [Self.pod("legacy-batch", "docker.io/x")])
    XCTAssertEqual(report.violations.count, 0)
    XCTAssertTrue(report.diagnostics.isEmpty)
  }

  func testAHostileExpressionEndsAtTheCostLimit() throws {
    let text = policyText(
      """
        scope: object
        severity: error
        match: { kinds: [Pod] }
        rules:
          - expression: "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, a + b + c + d + e + f >= 0))))))"

      """)
    let start = Date()
    let report = try evaluate(text, objects: [Self.pod("a", "b")])
    XCTAssertLessThan(Date().timeIntervalSince(start), 30, "bounded")
    XCTAssertEqual(report.violations.count, 0)
    XCTAssertEqual(report.diagnostics.map(\.code), [.policyEvaluation])
    XCTAssertTrue(report.diagnostics.first?.summary.contains("cost limit") ?? false, report.diagnostics.first?.summary ?? "")
  }

  func testPlatformScopeSeesThePlatformAndMessageExpressions() throws {
    let text = policyText(
      """
        scope: platform
        severity: warning
        rules:
          - expression: "platform.tenants.all(t, t.owners.size() > 0)"
            messageExpression: "'orphans: ' + platform.tenants.filter(t, t.owners.size() == 0).map(t, t.name).join(',')"

      """)
    let platform: CELValue = ["tenants": [["name": "a", "owners": ["group:a"]], ["name": "b", "owners": []]]]
    let report = try evaluate(text, platform: platform)
    XCTAssertEqual(report.violations.map(\.message), ["orphans: b"])
    XCTAssertEqual(report.violations.first?.severity, .warning)
  }

  func testANonBooleanRuleIsAnEvaluationError() throws {
    let text = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: platform.name\n")
    let report = try evaluate(text, platform: ["name": "x"])
    XCTAssertEqual(report.diagnostics.map(\.code), [.policyEvaluation])
    XCTAssertTrue(report.violations.isEmpty)
  }
}

/// The `platform` value built from a compiled platform.
final class PlatformValueTests: XCTestCase {
  func testPoolsListTheirAllocationsAndTenantsTheirQuota() throws {
    let o = SourceRange.file("platform.yaml")
    let cpu = try XCTUnwrap(Quantity("2"))
    let mem = try XCTUnwrap(Quantity("4Gi"))
    let platform = Platform(
      name: "x", kubernetesMinor: 31, gitops: GitOps(engine: .flux, repoURL: "https://g/x.git", path: "deploy", targetRevision: "main"),
      network: Network(gatewayNamespace: "gw", monitoringNamespace: "mon"),
      allowedSources: AllowedSources(registries: ["ghcr.io/x/"], buckets: []),
      pools: [GPUPool(name: "h100", resource: "nvidia.com/gpu", nodeLabels: [], taints: [], capacity: 8, sharing: .exclusive, origin: o)],
      tenants: [
        Tenant(
          name: "b", owners: [Owner(kind: .user, name: "u@x")], cpu: cpu, memory: mem, gpus: [], borrowing: [PoolCount(pool: "h100", count: 2)],
          priority: .low, origin: o),
        Tenant(name: "a", owners: [], cpu: cpu, memory: mem, gpus: [PoolCount(pool: "h100", count: 3)], borrowing: [], priority: .high, origin: o),
      ],
      models: [], environments: [])
    let value = PlatformValue.make(platform)
    let program = try CELProgram(
      compiling: """
        [platform.kubernetesVersion, platform.gpuPools[0].allocations.map(a, a.tenant + ':' + string(a.nominal) + '/' + string(a.borrowing)),
         platform.tenants.map(t, t.name + ':' + t.owners.join(',') + ':' + t.quota.cpu + ':' + string(t.quota.gpus[?'h100'].orValue(0))),
         platform.allowedSources.registries]
        """)
    let result = try program.evaluate(bindings: ["platform": value])
    XCTAssertEqual(result, [.string("1.31"), ["a:3/0", "b:0/2"], ["a::2:3", "b:user:u@x:2:0"], ["ghcr.io/x/"]])
  }
}

/// A platform given as a model is built only as far as the policies read it, with the same results.
final class PlatformFieldsTests: XCTestCase {
  func testPoliciesSeeTheFieldsTheyReadWhateverTheyRead() throws {
    let o = SourceRange.file("platform.yaml")
    let cpu = try XCTUnwrap(Quantity("1"))
    let platform = Platform(
      name: "x", kubernetesMinor: 33, gitops: GitOps(engine: .argocd, repoURL: "https://g/x.git", path: "deploy", targetRevision: "main"),
      network: Network(gatewayNamespace: "gw", monitoringNamespace: "mon"),
      pools: [], tenants: [Tenant(name: "a", owners: [], cpu: cpu, memory: cpu, gpus: [], borrowing: [], priority: .standard, origin: o)],
      models: [], environments: [])
    for (expression, expected) in [
      ("platform.tenants.size() == 1 && platform.models.size() == 0", true),
      ("platform.tenants.size() == 1 && platform.name == 'x'", true),
      ("[platform].all(p, p.tenants.size() == 1 && p.kubernetesMinor == 33)", true),  // the whole value
      ("has(platform.gpuPools) && platform.tenants[0].owners.size() == 0 && !has(platform.tenants[0].nope)", true),
    ] {
      let text = policyText("  scope: platform\n  severity: error\n  rules:\n    - expression: \"\(expression)\"\n")
      let (policy, diagnostics) = compilePolicy(text)
      XCTAssertEqual(diagnostics, [], expression)
      let report = PolicyEngine(today: day).evaluate([try XCTUnwrap(policy)], on: PolicyInput(platform: platform, artifacts: []))
      XCTAssertEqual(report.diagnostics.isEmpty, expected, "\(expression): \(report.diagnostics.map(\.summary))")
    }
  }
}

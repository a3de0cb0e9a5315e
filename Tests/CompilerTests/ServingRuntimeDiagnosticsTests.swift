import TestSupport
import XCTest

/// Located diagnostics for what KServe could not run: runtimes, replica bounds, CPU and memory fit,
/// artifact URIs per scheme, and Pod Security of the pods KServe builds.
final class ServingRuntimeDiagnosticsTests: XCTestCase {
  typealias E = ExpectedDiagnostic
  static let digest = SpecFixtures.digest

  /// The fixture platform with the ranker served as `serving` (a flow mapping's inside).
  static func platform(serving: String, tenants: String? = nil) -> String {
    let models = """
          - name: ranker
            tenant: search
            contract: { formats: [onnx, safetensors, gguf] }
            serving: \(serving)
      """
    return tenants.map { SpecFixtures.platform(tenants: $0, models: models) } ?? SpecFixtures.platform(models: models)
  }

  static func pin(_ extra: String = "", artifact: String = "s3://models/ranker/1.0.0") -> [String: String] {
    [
      "dev": SpecFixtures.environment(
        models: """
              1️⃣ranker:
                version: 1.0.0
                artifact: \(artifact)
                digest: "\(digest)"
          \(extra)
          """)
    ]
  }

  func testCPUMustFitTheTenantsQuota() {
    SpecFixtures.expect(
      [
        E(
          "1️⃣", "check.serving-resource-fit", file: "environments/dev.yaml",
          contains: "needs cpu 12 in 'dev', but tenant 'search' has a CPU quota of 10")
      ],
      platform: Self.platform(
        serving: "{ format: onnx, resources: { cpu: \"4\", memory: 2Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 3 } }"),
      environments: Self.pin())
  }

  func testMemoryMustFitTheTenantsQuotaCanaryIncluded() {
    // 2 stable replicas + 1 canary (10 % of 2, rounded up) × 16Gi = 48Gi > 40Gi.
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-resource-fit", file: "environments/dev.yaml", contains: "needs memory 48Gi")],
      platform: Self.platform(
        serving: "{ format: onnx, resources: { cpu: 100m, memory: 16Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"),
      environments: Self.pin("      canary: { version: 1.1.0, artifact: s3://models/ranker/1.1.0, digest: \"\(Self.digest)\", traffic: 10 }"))
  }

  func testServingMayNotBorrowGPUs() {
    SpecFixtures.expect(
      [
        E(
          "1️⃣", "check.serving-gpu-fit", file: "environments/dev.yaml",
          contains: "needs 6 GPUs of pool 'h100' in 'dev', but tenant 'search' has 4 nominal GPUs")
      ],
      platform: Self.platform(
        serving: "{ format: onnx, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 2, replicas: { min: 1, max: 3 } }",
        tenants: """
              - name: search
                owners: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
                borrowing: { h100: 4 }
          """),
      environments: Self.pin())
  }

  func testMinZeroWithACanary() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-min-replicas", contains: "has a canary")],
      platform: Self.platform(
        serving: "{ format: onnx, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1️⃣0, max: 2 } }"),
      environments: [
        "dev": SpecFixtures.environment(
          models: """
                ranker:
                  version: 1.0.0
                  artifact: s3://models/ranker/1.0.0
                  digest: "\(Self.digest)"
                  canary: { version: 1.1.0, artifact: s3://models/ranker/1.1.0, digest: "\(Self.digest)", traffic: 10 }
            """)
      ])
  }

  func testMinZeroInStandardModeWithoutACanary() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-min-replicas", contains: "cannot scale to zero")],
      platform: Self.platform(
        serving: "{ format: onnx, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1️⃣0, max: 2 } }"))
  }

  func testMinZeroInKnativeModeScalesToZero() {
    SpecFixtures.expect(
      [],
      platform: Self.platform(
        serving:
          "{ format: onnx, deploymentMode: Knative, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 0, max: 2 } }"))
  }

  func testNoRuntimeServesGGUFByDefault() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-runtime", contains: "no KServe runtime serves 'gguf' by default")],
      platform: Self.platform(
        serving: "{ format: 1️⃣gguf, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"))
  }

  func testTheOldRuntimeValue() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-runtime", contains: "'kserve' is not one")],
      platform: Self.platform(
        serving: "{ runtime: 1️⃣kserve, format: onnx, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"))
  }

  func testAShippedRuntimeThatDoesNotServeTheFormat() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-runtime", contains: "'kserve-tritonserver' does not serve 'safetensors'")],
      platform: Self.platform(
        serving:
          "{ runtime: 1️⃣kserve-tritonserver, format: safetensors, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"
      ))
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-runtime", contains: "unknown KServe runtime 'kserve-tritonservr'")],
      platform: Self.platform(
        serving:
          "{ runtime: 1️⃣kserve-tritonservr, format: onnx, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"
      ))
  }

  func testMissingResourcesWarns() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-resources-default", contains: "requests cpu 1 and memory 4Gi")],
      platform: Self.platform(serving: "1️⃣{ format: onnx, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"))
  }

  static let served = "{ format: safetensors, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }"

  func testHuggingFaceURIs() {
    for bad in ["hf://acme/asr@4.1.0", "hf://acme", "hf://acme/asr/extra", "hf://acme/asr:"] {
      SpecFixtures.expect(
        [E("1️⃣", "check.invalid-artifact", file: "environments/dev.yaml", contains: "artifact '\(bad)'")],
        platform: Self.platform(serving: Self.served),
        environments: ["dev": SpecFixtures.environment(models: "    ranker: { version: 1.0.0, artifact: 1️⃣\"\(bad)\", digest: \"\(Self.digest)\" }")])
    }
    SpecFixtures.expect(
      [], platform: Self.platform(serving: Self.served),
      environments: [
        "dev": SpecFixtures.environment(models: "    ranker: { version: 1.0.0, artifact: hf://acme/asr:4.1.0, digest: \"\(Self.digest)\" }")
      ])
  }

  func testBucketAndClaimNames() {
    for bad in ["s3://M/ranker", "gs://ab/ranker", "pvc://Claim_1/ranker", "https://user@host/ranker"] {
      SpecFixtures.expect(
        [E("1️⃣", "check.invalid-artifact", file: "environments/dev.yaml")],
        platform: Self.platform(serving: Self.served),
        environments: ["dev": SpecFixtures.environment(models: "    ranker: { version: 1.0.0, artifact: 1️⃣\(bad), digest: \"\(Self.digest)\" }")])
    }
  }

  func testAModelcarUnderRestrictedPodSecurity() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-pod-security", file: "environments/dev.yaml", contains: "oci://")],
      platform: Self.platform(serving: Self.served),
      environments: [
        "dev": SpecFixtures.environment(
          models: "    ranker: { version: 1.0.0, artifact: 1️⃣oci://registry.example.com/ranker:1.0.0, digest: \"\(Self.digest)\" }")
      ])
    SpecFixtures.expect(
      [],
      platform: Self.platform(
        serving: Self.served,
        tenants: """
              - name: search
                owners: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
                podSecurity: baseline
          """),
      environments: [
        "dev": SpecFixtures.environment(
          models: "    ranker: { version: 1.0.0, artifact: oci://registry.example.com/ranker:1.0.0, digest: \"\(Self.digest)\" }")
      ])
  }

  func testPodSecurityLevels() {
    SpecFixtures.expect(
      [E("1️⃣", "spec.invalid-value")],
      platform: SpecFixtures.platform(
        tenants: """
              - name: search
                owners: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
                podSecurity: 1️⃣privileged
          """))
  }

  func testRuleLabelsMayNotTakePavedsOwn() {
    let text = SpecFixtures.platform().replacingOccurrences(
      of: "  gitops:", with: "  observability: { ruleLabels: { 1️⃣paved.dev/tenant: x, release: 2️⃣\"not a value\" } }\n  gitops:")
    SpecFixtures.expect([E("1️⃣", "check.invalid-observability"), E("2️⃣", "check.invalid-observability")], platform: text)
  }

  func testServedModelNamesStartWithALetter() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-name", contains: "must start with a letter")],
      platform: SpecFixtures.platform(
        models: """
              - name: 1️⃣2fast
                tenant: search
                contract: { formats: [onnx] }
                serving: \(Self.served.replacingOccurrences(of: "safetensors", with: "onnx"))
          """),
      environments: [
        "dev": SpecFixtures.environment(models: "    2fast: { version: 1.0.0, artifact: s3://models/2fast/1.0.0, digest: \"\(Self.digest)\" }")
      ])
  }

  func testServiceAccountAnnotationsAndSecret() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-serving", contains: "not a valid annotation key"), E("2️⃣", "check.invalid-name", contains: "Secret")],
      platform: Self.platform(
        serving: """
          { format: onnx, resources: { cpu: 100m, memory: 1Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 }, serviceAccount: { annotations: { 1️⃣"bad key!": x }, storageSecret: 2️⃣S3_Creds } }
          """))
  }
}

/// One cluster per environment.
final class SharedClusterDiagnosticsTests: XCTestCase {
  func testTwoEnvironmentsOnOneServer() {
    func env(_ name: String, _ server: String) -> String {
      """
      apiVersion: paved.dev/v1alpha1
      kind: Environment
      metadata:
        name: \(name)
      spec:
        cluster: { name: \(name)-cluster, server: \(server) }
        models: {}

      """
    }
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "check.shared-cluster", file: "environments/prod.yaml", contains: "'dev' and 'prod' both deploy to")],
      platform: SpecFixtures.platform(models: "    []", environments: "[dev, prod]"),
      environments: ["dev": env("dev", "https://k8s.example.com"), "prod": env("prod", "1️⃣https://K8S.example.com:443/")])
  }
}

/// `spec.network`: CIDRs, ports and addresses.
final class NetworkDiagnosticsTests: XCTestCase {
  func testMalformedNetworkSettings() {
    let text = SpecFixtures.platform().replacingOccurrences(
      of: "  gitops:",
      with: "  network: { nodeLocalDNS: 1️⃣169.254.20, egress: [{ cidr: 2️⃣10.0.0.0/33, ports: [3️⃣70000] }], apiServer: [4️⃣fe80::1::2/64] }\n  gitops:")
    SpecFixtures.expect(
      [
        ExpectedDiagnostic("1️⃣", "check.invalid-network", contains: "not an IP address"),
        ExpectedDiagnostic("2️⃣", "check.invalid-network", contains: "not a CIDR"),
        ExpectedDiagnostic("3️⃣", "check.invalid-network", contains: "65535"), ExpectedDiagnostic("4️⃣", "check.invalid-network", contains: "not a CIDR"),
      ], platform: text)
  }

  func testAnEmptyEgressListPointsAtIt() {
    let text = SpecFixtures.platform().replacingOccurrences(of: "  gitops:", with: "  network: { egress: 1️⃣[] }\n  gitops:")
    SpecFixtures.expect([ExpectedDiagnostic("1️⃣", "check.invalid-network", contains: "egress is empty")], platform: text)
  }

  func testWellFormedNetworkSettings() {
    let text = SpecFixtures.platform().replacingOccurrences(
      of: "  gitops:",
      with:
        "  network: { nodeLocalDNS: 169.254.20.10, egress: [{ cidr: \"::/0\", ports: [443] }, { cidr: 10.20.0.0/16, ports: [9000] }], apiServer: [10.0.0.1/32] }\n  gitops:"
    )
    SpecFixtures.expect([], platform: text)
  }
}

/// `spec.gitops`: environments named, settings for the right engine, windows well-formed.
final class GitOpsWiringDiagnosticsTests: XCTestCase {
  func testArgoCDSettings() {
    let text = SpecFixtures.platform().replacingOccurrences(
      of: "  gitops: { engine: argocd, repoURL: https://git.example.com/x.git, path: deploy }",
      with: """
          gitops:
            engine: argocd
            repoURL: https://git.example.com/x.git
            runsIn: 1️⃣prd
            secretRef: 2️⃣git-creds
            syncWindows: [{ environments: [3️⃣prod], kind: allow, schedule: 4️⃣"0 6 * *", duration: 5️⃣10hours }]
        """)
    SpecFixtures.expect(
      [
        ExpectedDiagnostic("1️⃣", "check.unresolved-reference"), ExpectedDiagnostic("2️⃣", "check.invalid-gitops", contains: "for Flux"),
        ExpectedDiagnostic("3️⃣", "check.unresolved-reference"), ExpectedDiagnostic("4️⃣", "check.invalid-gitops", contains: "cron"),
        ExpectedDiagnostic("5️⃣", "check.invalid-gitops", contains: "not a duration"),
      ], platform: text)
  }

  func testFluxSettings() {
    let text = SpecFixtures.platform().replacingOccurrences(
      of: "  gitops: { engine: argocd, repoURL: https://git.example.com/x.git, path: deploy }",
      with: """
          gitops:
            engine: flux
            repoURL: https://git.example.com/x.git
            notifications: { type: 1️⃣slack }
            syncWindows: [2️⃣{ environments: [dev], kind: deny, schedule: "0 6 * * *", duration: 1h }]
        """)
    SpecFixtures.expect(
      [
        ExpectedDiagnostic("1️⃣", "check.invalid-gitops", contains: "needs secretRef"),
        ExpectedDiagnostic("2️⃣", "check.invalid-gitops", contains: "Argo CD setting"),
      ],
      platform: text)
  }
}

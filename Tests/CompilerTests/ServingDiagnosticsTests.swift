import TestSupport
import XCTest

/// The serving checks point into the environment file, at the pin.
final class ServingDiagnosticsTests: XCTestCase {
  typealias E = ExpectedDiagnostic
  static let digest = SpecFixtures.digest

  func testServingGPUsMustFitTheTenantsQuota() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-gpu-fit", file: "environments/dev.yaml", contains: "needs 6 GPUs")],
      platform: SpecFixtures.platform(
        models: """
            - name: ranker
              tenant: search
              contract: { formats: [onnx] }
              serving: { format: onnx, resources: { cpu: "1", memory: 2Gi }, gpuPool: h100, gpus: 2, replicas: { min: 1, max: 3 } }
          """),
      environments: ["dev": SpecFixtures.environment(models: "    1️⃣ranker: { version: 1.0.0, artifact: s3://models/r, digest: \"\(Self.digest)\" }")])
  }

  func testCanaryReplicasCountTowardsTheQuota() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-gpu-fit", file: "environments/dev.yaml", contains: "needs 5 GPUs")],
      platform: SpecFixtures.platform(
        models: """
            - name: ranker
              tenant: search
              contract: { formats: [onnx] }
              serving: { format: onnx, resources: { cpu: "1", memory: 2Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 4 } }
          """),
      environments: [
        "dev": SpecFixtures.environment(
          models: """
                1️⃣ranker:
                  version: 1.0.0
                  artifact: s3://models/r/1.0.0
                  digest: "\(Self.digest)"
                  canary: { version: 1.1.0, artifact: s3://models/r/1.1.0, digest: "\(Self.digest)", traffic: 10 }
            """)
      ])
  }

  func testCanaryTrafficOutsideZeroToHundred() {
    SpecFixtures.expect(
      [E("1️⃣", "check.canary-traffic", file: "environments/dev.yaml")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment(
          models: """
                ranker:
                  version: 1.0.0
                  artifact: s3://models/r/1.0.0
                  digest: "\(Self.digest)"
                  canary: { version: 1.1.0, artifact: s3://models/r/1.1.0, digest: "\(Self.digest)", traffic: 1️⃣150 }
            """)
      ])
  }

  func testCanaryOfTheStableVersion() {
    SpecFixtures.expect(
      [E("1️⃣", "check.canary-traffic", file: "environments/dev.yaml", contains: "stable version")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment(
          models: """
                ranker:
                  version: 1.0.0
                  artifact: s3://models/r/1.0.0
                  digest: "\(Self.digest)"
                  canary: { version: 1️⃣1.0.0, artifact: s3://models/r/1.0.0, digest: "\(Self.digest)", traffic: 10 }
            """)
      ])
  }

  func testCanaryWithoutTrafficIsMissingAKey() {
    SpecFixtures.expect(
      [E("1️⃣", "spec.missing-key", file: "environments/dev.yaml", contains: "'traffic'")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment(
          models: """
                ranker:
                  version: 1.0.0
                  artifact: s3://models/r/1.0.0
                  digest: "\(Self.digest)"
                  canary: 1️⃣{ version: 1.1.0, artifact: s3://models/r/1.1.0, digest: "\(Self.digest)" }
            """)
      ])
  }

  func testServingPoolWhereTheTenantHasNoQuota() {
    SpecFixtures.expect(
      [E("1️⃣", "check.serving-pool-mismatch", file: "environments/dev.yaml")],
      platform: SpecFixtures.platform(
        pools: """
            - name: h100
              resource: nvidia.com/gpu
              capacity: 8
            - name: l4
              resource: nvidia.com/gpu
              capacity: 8
          """,
        models: """
            - name: ranker
              tenant: search
              contract: { formats: [onnx] }
              serving: { format: onnx, resources: { cpu: "1", memory: 2Gi }, gpuPool: l4, gpus: 1, replicas: { min: 1, max: 1 } }
          """),
      environments: ["dev": SpecFixtures.environment(models: "    1️⃣ranker: { version: 1.0.0, artifact: s3://models/r, digest: \"\(Self.digest)\" }")])
  }

  func testInvalidAlertDuration() {
    let text = SpecFixtures.platform().replacingOccurrences(
      of: "  gitops:", with: "  observability: { pendingWorkloadsFor: 1️⃣half-an-hour }\n  gitops:")
    SpecFixtures.expect([E("1️⃣", "check.invalid-observability")], platform: text)
  }
}

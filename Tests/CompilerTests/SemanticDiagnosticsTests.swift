import TestSupport
import XCTest

/// One test per semantic check: the code, and the line and column it points at.
final class SemanticDiagnosticsTests: XCTestCase {
  typealias E = ExpectedDiagnostic

  func testInvalidTenantName() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-name")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: 1️⃣Search_Team
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi }
          """, models: "    []"))
  }

  func testDuplicateTenantName() {
    SpecFixtures.expect(
      [E("1️⃣", "check.duplicate-name")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:a]
              quota: { cpu: "1", memory: 1Gi }
            - name: 1️⃣search
              owners: [group:b]
              quota: { cpu: "1", memory: 1Gi }
          """, models: "    []"))
  }

  func testUnknownPoolInQuotaSuggests() {
    SpecFixtures.expect(
      [E("1️⃣", "check.unresolved-reference", contains: "'h10'")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi, gpus: { 1️⃣h10: 4 } }
          """, models: "    []"))
  }

  func testUnknownTenantOfModel() {
    SpecFixtures.expect(
      [E("1️⃣", "check.unresolved-reference", contains: "tenant")],
      platform: SpecFixtures.platform(
        models: """
            - name: ranker
              tenant: 1️⃣serch
          """))
  }

  func testInvalidQuantity() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-quantity")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 1️⃣40GB, gpus: { h100: 4 } }
          """))
  }

  func testGPUOversubscriptionNamesTheNumbers() {
    SpecFixtures.expect(
      [E("1️⃣", "check.gpu-oversubscribed", contains: "totals 10, capacity is 8")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:a]
              quota: { cpu: "1", memory: 1Gi, gpus: { h100: 6 } }
            - name: recsys
              owners: [group:b]
              quota: { cpu: "1", memory: 1Gi, gpus: { h100: 1️⃣4 } }
          """))
  }

  func testBorrowingBeyondCapacity() {
    SpecFixtures.expect(
      [E("1️⃣", "check.borrowing-inconsistent")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
              borrowing: { h100: 1️⃣5 }
          """))
  }

  func testTimeSlicedPoolSharedByTwoTenants() {
    SpecFixtures.expect(
      [E("1️⃣", "check.time-slicing-shared")],
      platform: SpecFixtures.platform(
        pools: """
            - name: h100
              resource: nvidia.com/gpu
              capacity: 8
            - name: t4
              resource: nvidia.com/gpu.shared
              capacity: 16
              sharing: time-slicing
          """,
        tenants: """
            - name: search
              owners: [group:a]
              quota: { cpu: "1", memory: 1Gi, gpus: { h100: 2, t4: 2 } }
            - name: recsys
              owners: [group:b]
              quota: { cpu: "1", memory: 1Gi, gpus: { 1️⃣t4: 2 } }
          """))
  }

  func testUnsupportedKubernetesVersion() {
    SpecFixtures.expect([E("1️⃣", "check.kubernetes-version")], platform: SpecFixtures.platform(version: "1️⃣\"1.29\""))
  }

  func testUnquotedVersionKeepsItsText() {
    SpecFixtures.expect([], platform: SpecFixtures.platform(version: "1.30"))
  }

  func testInvalidOwner() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-owner")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [1️⃣team:ml-search]
              quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
          """))
  }

  func testTooManyNodeLabelsAndMIGResource() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-pool"), E("2️⃣", "check.invalid-pool")],
      platform: SpecFixtures.platform(
        pools: """
            - name: h100
              resource: nvidia.com/gpu
              capacity: 8
              nodeLabels: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8", 1️⃣i: "9" }
            - name: mig
              resource: 2️⃣nvidia.com/gpu
              capacity: 8
              sharing: mig
          """))
  }

  func testServingReplicaBoundsAndFormat() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-serving"), E("2️⃣", "check.invalid-serving")],
      platform: SpecFixtures.platform(
        models: """
            - name: ranker
              tenant: search
              contract: { formats: [onnx] }
              serving: { runtime: llama-cpp, format: 2️⃣gguf, resources: { cpu: "1", memory: 2Gi }, gpuPool: h100, gpus: 1, replicas: { min: 1️⃣5, max: 2 } }
          """))
  }

  func testInvalidMetricThreshold() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-contract")],
      platform: SpecFixtures.platform(
        models: """
            - name: ranker
              tenant: search
              contract: { formats: [onnx], metrics: { auc: 1️⃣"at least 0.8" } }
          """))
  }

  func testMissingEnvironmentFile() {
    SpecFixtures.expect([E("1️⃣", "check.missing-environment-file")], platform: SpecFixtures.platform(environments: "[dev, 1️⃣prod]"))
  }

  func testEnvironmentNameMismatch() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-environment", file: "environments/dev.yaml")], platform: SpecFixtures.platform(),
      environments: ["dev": SpecFixtures.environment(name: "dev").replacingOccurrences(of: "  name: dev\n", with: "  name: 1️⃣prod\n")])
  }

  func testPinOfUndeclaredModel() {
    SpecFixtures.expect(
      [E("1️⃣", "check.undeclared-model", file: "environments/dev.yaml", contains: "'rankr'")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment(models: "    1️⃣rankr: { version: 1.0.0, artifact: s3://models/r, digest: \"\(SpecFixtures.digest)\" }")
      ])
  }

  func testMalformedDigest() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-digest", file: "environments/dev.yaml")], platform: SpecFixtures.platform(),
      environments: ["dev": SpecFixtures.environment(models: "    ranker: { version: 1.0.0, artifact: s3://models/r, digest: 1️⃣\"sha256:ABC\" }")])
  }

  func testArtifactPathTraversal() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-artifact", file: "environments/dev.yaml", contains: "'..'")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment(
          models: "    ranker: { version: 1.0.0, artifact: 1️⃣\"pvc://models/../../etc/passwd\", digest: \"\(SpecFixtures.digest)\" }")
      ])
  }

  func testArtifactWithUnknownScheme() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-artifact", file: "environments/dev.yaml")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment(
          models: "    ranker: { version: 1.0.0, artifact: 1️⃣\"file:///etc/passwd\", digest: \"\(SpecFixtures.digest)\" }")
      ])
  }

  func testClusterServerMustBeHTTPS() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-environment", file: "environments/dev.yaml")], platform: SpecFixtures.platform(),
      environments: [
        "dev": SpecFixtures.environment().replacingOccurrences(of: "server: https://dev.example.com", with: "server: 1️⃣http://dev.example.com")
      ])
  }
}

final class GitOpsDiagnosticsTests: XCTestCase {
  func testOutputPathMayNotLeaveTheRepository() {
    let text = SpecFixtures.platform().replacingOccurrences(of: "path: deploy", with: "path: 1️⃣../elsewhere")
    SpecFixtures.expect([ExpectedDiagnostic("1️⃣", "check.invalid-gitops")], platform: text)
  }

  func testReservedPoolName() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "check.invalid-name", contains: "reserved")],
      platform: SpecFixtures.platform(
        pools: """
            - name: 1️⃣default
              resource: nvidia.com/gpu
              capacity: 8
          """,
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi }
          """, models: "    []"))
  }
}

import TestSupport
import XCTest

/// Errors root cause first: one error per mistake, with the did-you-mean the place allows, and no
/// follow-on errors from a value that is already wrong.
final class RootCauseDiagnosticsTests: XCTestCase {
  typealias E = ExpectedDiagnostic

  func testAMisspeltKeySuggestsAKeyStillMissingThere() {
    // `gpu` is as close to `cpu` as to `gpus`, but `cpu` is already there; and the tenant's model,
    // served on h100, does not also fail for a quota that has no GPUs.
    SpecFixtures.expect(
      [E("1️⃣", "spec.unknown-key", contains: "'gpu'")],
      platform: SpecFixtures.platform(
        tenants: """
              - name: search
                owners: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, 1️⃣gpu: { h100: 4 } }
          """))
  }

  func testTheSuggestionForGpuIsGpus() throws {
    let diagnostics = SpecFixtures.diagnostics(
      platform: SpecFixtures.platform(
        tenants: """
              - name: search
                owners: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, gpu: { h100: 4 } }
          """))
    let typo = try XCTUnwrap(diagnostics.first { $0.code.rawValue == "spec.unknown-key" })
    XCTAssertEqual(typo.notes.first?.message, "did you mean 'gpus'?")
    let required = SpecFixtures.diagnostics(
      platform: SpecFixtures.platform(
        tenants: """
              - name: search
                ownrs: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
          """))
    XCTAssertEqual(required.first { $0.code.rawValue == "spec.unknown-key" }?.notes.first?.message, "did you mean 'owners'? (it is required here)")
  }

  func testAMisspeltRequiredKeyIsOneError() {
    SpecFixtures.expect(
      [E("1️⃣", "spec.unknown-key", contains: "'ownrs'")],
      platform: SpecFixtures.platform(
        tenants: """
              - name: search
                1️⃣ownrs: [group:ml-search]
                quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
          """))
  }

  func testAnUnknownPoolIsOnlyAReferenceError() {
    SpecFixtures.expect(
      [E("1️⃣", "check.unresolved-reference", contains: "'h10'")],
      platform: SpecFixtures.platform(
        models: """
              - name: ranker
                tenant: search
                contract: { formats: [onnx] }
                serving: { format: onnx, resources: { cpu: 100m, memory: 256Mi }, gpuPool: 1️⃣h10, gpus: 1, replicas: { min: 1, max: 2 } }
          """))
  }

  func testADuplicateKeyIsReportedWithTheRunsOtherErrors() {
    SpecFixtures.expect(
      [E("1️⃣", "yaml.duplicate-key"), E("2️⃣", "spec.invalid-value")],
      platform: SpecFixtures.platform(
        tenants: """
              - name: search
                owners: [group:ml-search]
                1️⃣owners: [group:other]
                quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
                priority: 2️⃣urgent
          """))
  }

  func testAnIndentationErrorSaysWhichColumnsFit() throws {
    let text = SpecFixtures.platform(
      tenants: """
            - name: search
               owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
        """)
    let diagnostics = SpecFixtures.diagnostics(platform: text)
    let syntax = try XCTUnwrap(diagnostics.first { $0.code.rawValue == "yaml.syntax" }, "\(diagnostics.map(\.summary))")
    let hint = try XCTUnwrap(syntax.notes.first { $0.message.contains("where no block above it does") }, "\(syntax.notes)")
    XCTAssertTrue(hint.message.contains("starts at column 8"), hint.message)
    XCTAssertTrue(hint.message.contains("7"), "the tenant's keys start at column 7: \(hint.message)")
  }
}

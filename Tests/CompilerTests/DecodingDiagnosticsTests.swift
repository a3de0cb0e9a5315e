import TestSupport
import XCTest

/// One test per decoding diagnostic: code, line and column (from the markers).
final class DecodingDiagnosticsTests: XCTestCase {
  func testValidFixtureHasNoDiagnostics() {
    SpecFixtures.expect([], platform: SpecFixtures.platform())
  }

  func testUnknownKeySuggestsTheKnownOne() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.unknown-key", contains: "'ownres'")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              1️⃣ownres: [user:x]
              quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
          """))
  }

  func testMissingRequiredKey() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.missing-key", contains: "'quota'")],
      platform: SpecFixtures.platform(
        tenants: """
            - 1️⃣name: search
              owners: [group:ml-search]
          """, models: "    []"))
  }

  func testWrongTypeForInteger() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.wrong-type", contains: "expected an integer")],
      platform: SpecFixtures.platform(
        pools: """
            - name: h100
              resource: nvidia.com/gpu
              capacity: 1️⃣"8"
          """))
  }

  func testYesIsNotABoolean() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.wrong-type", contains: "true or false")],
      platform: SpecFixtures.platform(
        models: """
            - name: ranker
              tenant: search
              contract: { formats: [onnx], security: { signed: 1️⃣yes } }
          """))
  }

  func testBooleanWhereAStringIsExpected() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.wrong-type", contains: "expected a string")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: 1️⃣true
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi }
          """, models: "    []"))
  }

  func testInvalidEnumValueSuggests() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.invalid-value", contains: "'hihg'")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
              priority: 1️⃣hihg
          """))
  }

  func testWrongAPIVersionAndKind() {
    let text = SpecFixtures.platform()
      .replacingOccurrences(of: "apiVersion: paved.dev/v1alpha1", with: "apiVersion: 1️⃣paved.dev/v2")
      .replacingOccurrences(of: "kind: Platform", with: "kind: 2️⃣Environment")
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.wrong-document"), ExpectedDiagnostic("2️⃣", "spec.wrong-document")],
      platform: text)
  }

  func testListWhereMappingExpected() {
    SpecFixtures.expect(
      [ExpectedDiagnostic("1️⃣", "spec.wrong-type", contains: "expected a mapping")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: 1️⃣[10, 40Gi]
          """, models: "    []"))
  }

  func testAllErrorsOfARunAreReportedTogether() {
    SpecFixtures.expect(
      [
        ExpectedDiagnostic("1️⃣", "spec.unknown-key"),
        ExpectedDiagnostic("2️⃣", "check.invalid-quantity"),
        ExpectedDiagnostic("3️⃣", "check.invalid-digest", file: "environments/dev.yaml"),
      ],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [group:ml-search]
              quota: { cpu: 2️⃣lots, memory: 40Gi, gpus: { h100: 4 } }
              1️⃣colour: blue
          """),
      environments: ["dev": SpecFixtures.environment(models: "    ranker: { version: 1.0.0, artifact: s3://models/r, digest: 3️⃣\"md5:abc\" }")])
  }

  func testYAMLErrorsInEnvironmentFilesAreLocatedThere() {
    SpecFixtures.expect(
      // The duplicate no longer hides the file's other errors: decoding goes on with the first value.
      [
        ExpectedDiagnostic("1️⃣", "yaml.duplicate-key", file: "environments/dev.yaml"),
        ExpectedDiagnostic("2️⃣", "spec.missing-key", file: "environments/dev.yaml"),
      ],
      platform: SpecFixtures.platform(),
      environments: [
        "dev": """
        apiVersion: paved.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        1️⃣metadata:
          name: dev
        spec: 2️⃣{}

        """
      ])
  }
}

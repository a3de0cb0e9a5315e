import CLI
import Diagnostics
import ModelArtifacts
import ModelSigning
import PlatformModel
import XCTest

@testable import ModelValidation

/// One test per contract rule: the rule passes on a conforming artifact and fails, with its
/// stable code, on a violating one.
final class ContractValidatorTests: XCTestCase {
  private func codes(
    _ contract: Contract?, _ d: ModelDescription, signature: VerificationResult? = nil, env: String? = nil, pin: ModelPin? = nil,
    baseline: ModelDescription? = nil
  ) -> [String] {
    let input = ValidationInput(model: Fixtures.model(contract), description: d, signature: signature, environment: env, pin: pin, baseline: baseline)
    return ContractValidator.validate(input).diagnostics.filter { $0.severity == .error }.map(\.code.rawValue).sorted()
  }

  private func status(_ id: String, _ contract: Contract, _ d: ModelDescription) -> CheckResult.Status? {
    ContractValidator.validate(ValidationInput(model: Fixtures.model(contract), description: d)).checks.first { $0.id == id }?.status
  }

  func testConformingArtifactPasses() {
    XCTAssertEqual(codes(Fixtures.contract(), Fixtures.description()), [])
    XCTAssertEqual(status("inputs", Fixtures.contract(), Fixtures.description()), .pass)
    XCTAssertEqual(status("compatibility", Fixtures.contract(), Fixtures.description()), .skip)
  }

  func testFormatMustBeAllowed() {
    XCTAssertEqual(codes(Fixtures.contract(formats: ["gguf"]), Fixtures.description()), ["model.contract.format"])
    XCTAssertEqual(codes(Fixtures.contract(), Fixtures.description(formats: [])), ["model.contract.format"])
    // An MLflow directory is allowed through `mlflow` or through its weight formats.
    XCTAssertEqual(codes(Fixtures.contract(formats: ["mlflow"]), Fixtures.description(formats: ["mlflow", "pickle"])), [])
    XCTAssertEqual(codes(Fixtures.contract(formats: ["onnx"]), Fixtures.description(formats: ["mlflow", "onnx"])), [])
    XCTAssertEqual(codes(Fixtures.contract(formats: ["onnx"]), Fixtures.description(formats: ["mlflow", "pickle"])), ["model.contract.format"])
  }

  func testInputsAndOutputsByNameDtypeRankAndDims() {
    let c = Fixtures.contract()
    XCTAssertEqual(
      codes(c, Fixtures.description(inputs: [TensorSpec(name: "feature", dtype: .f32, shape: [.unknown, .fixed(128)])])),
      ["model.contract.input-missing", "model.contract.input-unexpected"])
    XCTAssertEqual(
      codes(c, Fixtures.description(inputs: [TensorSpec(name: "features", dtype: .f64, shape: [.unknown, .fixed(128)])])),
      ["model.contract.input-dtype"])
    XCTAssertEqual(
      codes(c, Fixtures.description(inputs: [TensorSpec(name: "features", dtype: .f32, shape: [.fixed(128)])])), ["model.contract.input-shape"])
    XCTAssertEqual(
      codes(c, Fixtures.description(inputs: [TensorSpec(name: "features", dtype: .f32, shape: [.fixed(8), .fixed(64)])])),
      ["model.contract.input-shape"])
    XCTAssertEqual(codes(c, Fixtures.description(inputs: [TensorSpec(name: "features", dtype: .f32, shape: nil)])), ["model.contract.input-shape"])
    // -1 in the contract matches a fixed size; a variable artifact input accepts the contract's fixed size.
    XCTAssertEqual(codes(c, Fixtures.description(inputs: [TensorSpec(name: "features", dtype: .f32, shape: [.fixed(4), .unknown])])), [])
    // ... but a variable output does not guarantee the fixed size.
    XCTAssertEqual(
      codes(c, Fixtures.description(outputs: [TensorSpec(name: "scores", dtype: .f32, shape: [.unknown, .unknown])])), ["model.contract.output-shape"]
    )
    XCTAssertEqual(
      codes(c, Fixtures.description(outputs: [TensorSpec(name: "score", dtype: .f32, shape: [.unknown, .fixed(1)])])),
      ["model.contract.output-missing"])
    XCTAssertEqual(
      codes(c, Fixtures.description(outputs: [TensorSpec(name: "scores", dtype: .f16, shape: [.unknown, .fixed(1)])])),
      ["model.contract.output-dtype"])
    XCTAssertEqual(codes(c, Fixtures.description(inputs: [], outputs: [])), ["model.contract.no-signature"])
  }

  func testSymbolsBindConsistently() {
    let c = Fixtures.contract(
      inputs: [
        TensorContract(name: "a", dtype: "int64", shape: [.symbolic("batch")]),
        TensorContract(name: "b", dtype: "int64", shape: [.symbolic("batch")]),
      ],
      outputs: [])
    let ok = Fixtures.description(
      inputs: [TensorSpec(name: "a", dtype: .i64, shape: [.fixed(4)]), TensorSpec(name: "b", dtype: .i64, shape: [.fixed(4)])], outputs: [])
    let bad = Fixtures.description(
      inputs: [TensorSpec(name: "a", dtype: .i64, shape: [.fixed(4)]), TensorSpec(name: "b", dtype: .i64, shape: [.fixed(5)])], outputs: [])
    XCTAssertEqual(codes(c, ok), [])
    XCTAssertEqual(codes(c, bad), ["model.contract.input-shape"])
  }

  func testSizeMetadataAndMetrics() {
    XCTAssertEqual(codes(Fixtures.contract(maxSize: 999), Fixtures.description(size: 1000)), ["model.contract.size"])
    XCTAssertEqual(codes(Fixtures.contract(maxSize: 1000), Fixtures.description(size: 1000)), [])
    XCTAssertEqual(codes(Fixtures.contract(required: ["owner", "git_commit"]), Fixtures.description()), ["model.contract.metadata-missing"])
    // GGUF-style general.* keys satisfy the plain key.
    XCTAssertEqual(codes(Fixtures.contract(required: ["license"]), Fixtures.description(metadata: ["general.license": "mit"])), [])
    let thresholds = [
      MetricThreshold(metric: "auc", comparison: .greaterOrEqual, bound: 0.85),
      MetricThreshold(metric: "latency", comparison: .lessOrEqual, bound: 50),
    ]
    XCTAssertEqual(codes(Fixtures.contract(metrics: thresholds), Fixtures.description(metrics: ["auc": 0.85, "latency": 50])), [])
    XCTAssertEqual(
      codes(Fixtures.contract(metrics: thresholds), Fixtures.description(metrics: ["auc": 0.84, "latency": 50])), ["model.contract.metric-threshold"])
    XCTAssertEqual(codes(Fixtures.contract(metrics: thresholds), Fixtures.description(metrics: ["auc": 0.9])), ["model.contract.metric-missing"])
  }

  func testPickleRules() {
    let unsafe = PickleFinding(
      code: DiagnosticCode(.pickle, .unsafeGlobal), file: "m.pkl", offset: 2, opcode: "STACK_GLOBAL", global: "os.system", reason: "not allowlisted")
    XCTAssertEqual(codes(Fixtures.contract(), Fixtures.description(pickleFiles: ["weights.pt"])), ["model.security.pickle-forbidden"])
    XCTAssertEqual(codes(Fixtures.contract(pickle: "allowlisted"), Fixtures.description(pickleFiles: ["weights.pt"])), [])
    XCTAssertEqual(
      codes(Fixtures.contract(pickle: "allowlisted"), Fixtures.description(pickleFiles: ["m.pkl"], findings: [unsafe])),
      ["model.security.unsafe-pickle"])
    // No contract at all: unsafe pickles are still rejected.
    XCTAssertEqual(codes(nil, Fixtures.description(pickleFiles: ["m.pkl"], findings: [unsafe])), ["model.security.unsafe-pickle"])
  }

  func testSignatureRules() {
    let verified = VerificationResult(failures: [], mode: "key", signer: "abc", rootDigest: nil, resourceCount: 1)
    let failed = VerificationResult(failures: [Diagnostic.signature(.signatureDoesNotVerify, "bad")], mode: "key")
    XCTAssertEqual(codes(Fixtures.contract(signed: true), Fixtures.description()), ["model.security.unsigned"])
    XCTAssertEqual(codes(Fixtures.contract(signed: true), Fixtures.description(), signature: verified), [])
    XCTAssertEqual(codes(Fixtures.contract(signed: true), Fixtures.description(), signature: failed), ["model.security.signature-invalid"])
    XCTAssertEqual(codes(Fixtures.contract(signed: false), Fixtures.description(), signature: failed), ["model.security.signature-invalid"])
  }

  func testDigestAgainstEnvironmentPin() {
    let d = Fixtures.description()
    let good = "sha256:" + String(repeating: "ab", count: 32)
    let pin = ModelPin(model: "ranker", version: "1.0", artifact: "s3://x", digest: good, origin: Fixtures.origin)
    let other = ModelPin(
      model: "ranker", version: "1.0", artifact: "s3://x", digest: "sha256:" + String(repeating: "cd", count: 32), origin: Fixtures.origin)
    XCTAssertEqual(codes(Fixtures.contract(), d, env: "prod", pin: pin), [])
    XCTAssertEqual(codes(Fixtures.contract(), d, env: "prod", pin: other), ["model.digest.mismatch"])
    XCTAssertEqual(codes(Fixtures.contract(), d, env: "prod", pin: nil), ["model.digest.not-pinned"])
  }

  func testCompatibilityWithPinnedVersion() {
    let c = Fixtures.contract(inputs: [], outputs: [])
    let base = Fixtures.description(
      inputs: [TensorSpec(name: "x", dtype: .f32, shape: [.unknown, .fixed(4)])],
      outputs: [TensorSpec(name: "y", dtype: .f32, shape: [.unknown, .fixed(2)]), TensorSpec(name: "z", dtype: .i64, shape: [.unknown])])
    func candidate(_ inputs: [TensorSpec], _ outputs: [TensorSpec]) -> ModelDescription { Fixtures.description(inputs: inputs, outputs: outputs) }
    let x = TensorSpec(name: "x", dtype: .f32, shape: [.unknown, .fixed(4)])
    let y = TensorSpec(name: "y", dtype: .f32, shape: [.unknown, .fixed(2)])
    let z = TensorSpec(name: "z", dtype: .i64, shape: [.unknown])
    XCTAssertEqual(codes(c, candidate([x], [y, z]), baseline: base), [])
    // Widening an input dtype and relaxing a dimension are compatible.
    XCTAssertEqual(codes(c, candidate([TensorSpec(name: "x", dtype: .f64, shape: [.unknown, .unknown])], [y, z]), baseline: base), [])
    XCTAssertEqual(codes(c, candidate([x], [y]), baseline: base), ["model.compat.output-removed"])
    XCTAssertEqual(
      codes(c, candidate([x], [y, TensorSpec(name: "z2", dtype: .i64, shape: [.unknown])]), baseline: base), ["model.compat.output-removed"])
    XCTAssertEqual(
      codes(c, candidate([x], [y, TensorSpec(name: "z", dtype: .i32, shape: [.unknown])]), baseline: base), ["model.compat.output-dtype"])
    XCTAssertEqual(
      codes(c, candidate([x, TensorSpec(name: "w", dtype: .f32, shape: [.unknown])], [y, z]), baseline: base), ["model.compat.input-added"])
    XCTAssertEqual(
      codes(c, candidate([TensorSpec(name: "x", dtype: .f16, shape: [.unknown, .fixed(4)])], [y, z]), baseline: base), ["model.compat.input-dtype"])
    XCTAssertEqual(
      codes(c, candidate([TensorSpec(name: "x", dtype: .f32, shape: [.fixed(1), .fixed(4)])], [y, z]), baseline: base), ["model.compat.shape"])
    XCTAssertEqual(codes(c, candidate([TensorSpec(name: "x", dtype: .f32, shape: [.unknown])], [y, z]), baseline: base), ["model.compat.shape"])
  }

  /// Metadata and metrics, with where each was read, in both the inspect text and the validation report's Markdown.
  func testMetadataAndMetricsAreListedWithTheirSources() {
    let d = Fixtures.description(metadata: ["owner": "search", "license": "mi|t"], metrics: ["accuracy": 0.93])
    let text = InspectRenderer.text(d, signature: nil)
    XCTAssertTrue(
      text.contains(
        "metadata:\n  license = mi|t  [onnx: model.onnx (metadata_props)]\n  owner = search  [onnx: model.onnx (metadata_props)]\n"
          + "metrics:\n  accuracy = 0.93  [metrics.json: metrics.json (x)]\n"), text)
    let report = ValidationReport(
      model: "ranker", artifact: "model.onnx", environment: nil, description: d, signature: nil, baselineVersion: nil, checks: [],
      diagnostics: Diagnostics([]))
    let markdown = ReportRenderer.markdown(report)
    XCTAssertTrue(
      markdown.contains(
        "| Metadata | Value | Source |\n|---|---|---|\n| license | mi\\|t | model.onnx (metadata_props) |\n"
          + "| owner | search | model.onnx (metadata_props) |\n\n| Metric | Value | Source |\n|---|---|---|\n"
          + "| accuracy | 0.93 | metrics.json (x) |\n"), markdown)
  }

  func testMarkdownAndJSONReports() {
    let input = ValidationInput(model: Fixtures.model(Fixtures.contract(required: ["owner", "git_commit"])), description: Fixtures.description())
    let (checks, diagnostics) = ContractValidator.validate(input)
    let report = ValidationReport(
      model: "ranker", artifact: "model.onnx", environment: nil, description: input.description, signature: nil, baselineVersion: nil, checks: checks,
      diagnostics: Diagnostics(diagnostics))
    let markdown = ReportRenderer.markdown(report)
    XCTAssertTrue(markdown.contains("| metadata | ❌ fail |"), markdown)
    XCTAssertTrue(markdown.contains("`model.contract.metadata-missing`"), markdown)
    XCTAssertTrue(markdown.contains("| owner | search | model.onnx (metadata_props) |"), markdown)
    XCTAssertFalse(markdown.contains("| Metric |"), "no metrics, no metrics table")
    let json = ReportRenderer.json(report)
    XCTAssertTrue(json.contains("\"formatVersion\": 1"), json)
    XCTAssertTrue(json.contains("\"ok\": false"), json)
    XCTAssertEqual(json, ReportRenderer.json(report), "deterministic")
  }
}

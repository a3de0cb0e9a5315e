import Driver
import Foundation
import ModelArtifacts
import TestSupport
import XCTest

@testable import ModelValidation

/// `ModelCommands.validate` against the bundled platform.yaml (model `recommender`) and a model
/// directory written by the test.
final class EndToEndTests: XCTestCase {
  private func recommenderDirectory(ndcg: Double = 0.5) throws -> URL {
    try Fixtures.directory([
      "model.safetensors": Fixtures.safetensors(tensors: [("w", [4, 4])], metadata: ["owner": "recsys", "git_commit": "abc", "license": "mit"]),
      "MLmodel": Array(
        Fixtures.mlmodel(
          inputs:
            #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 256]}, "name": "user_embedding"}, {"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1, -1]}, "name": "item_ids"}]"#,
          outputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, -1]}, "name": "logits"}]"#
        ).utf8),
      "metrics.json": Array("{\"ndcg_at_10\": \(ndcg)}".utf8),
    ])
  }

  private func validate(_ artifact: URL, env: String? = nil, baseline: URL? = nil) throws -> ModelCommands.ValidateOutcome {
    let request = ModelCommands.ValidateRequest(
      root: RepoPaths.packageRoot.path, compile: CompileRequest(platformPath: "platform.yaml"), model: "recommender",
      artifact: artifact.path, environment: env, signature: nil, trust: .init(publicKey: nil, trustAnchors: []),
      baseline: baseline?.path)
    return try ModelCommands.validate(request)
  }

  func testRecommenderDirectoryMeetsEverythingButTheSignature() throws {
    let dir = try recommenderDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let report = try XCTUnwrap(try validate(dir).report)
    XCTAssertEqual(report.diagnostics.all.map(\.code.rawValue), ["model.security.unsigned"])
    XCTAssertEqual(report.checks.first { $0.id == "format" }?.status, .pass)
    XCTAssertEqual(report.checks.first { $0.id == "metrics" }?.status, .pass)
    XCTAssertEqual(report.diagnostics.all.first?.range?.start.file, "platform.yaml")
  }

  func testMetricBelowThresholdAndDigestMismatchAndBaseline() throws {
    let dir = try recommenderDirectory(ndcg: 0.1)
    defer { try? FileManager.default.removeItem(at: dir) }
    let base = try recommenderDirectory()
    defer { try? FileManager.default.removeItem(at: base) }
    try Data(
      Fixtures.mlmodel(
        inputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 256]}, "name": "user_embedding"}]"#,
        outputs:
          #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, -1]}, "name": "logits"}, {"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1]}, "name": "extra"}]"#
      ).utf8
    ).write(to: base.appendingPathComponent("MLmodel"))
    let report = try XCTUnwrap(try validate(dir, env: "prod", baseline: base).report)
    XCTAssertEqual(
      report.diagnostics.all.map(\.code.rawValue).sorted(),
      [
        "model.compat.input-added", "model.compat.output-removed", "model.contract.metric-threshold", "model.digest.mismatch",
        "model.security.unsigned",
      ])
    XCTAssertEqual(report.baselineVersion, "2.0.3")
    // Each finding points at the spec that asked for it: the pin in the environment file, the
    // contract's threshold.
    let mismatch = try XCTUnwrap(report.diagnostics.all.first { $0.code.rawValue == "model.digest.mismatch" })
    XCTAssertEqual(mismatch.range?.start.file, "environments/prod.yaml")
    XCTAssertEqual(mismatch.path?.description, "spec.models.recommender.digest")
    let prod = try String(contentsOf: RepoPaths.packageRoot.appendingPathComponent("environments/prod.yaml"), encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    XCTAssertTrue(prod[(mismatch.range?.start.line ?? 1) - 1].contains("recommender: { version: 2.0.3"))
    let metric = try XCTUnwrap(report.diagnostics.all.first { $0.code.rawValue == "model.contract.metric-threshold" })
    XCTAssertEqual(metric.range?.start.file, "platform.yaml")
    XCTAssertEqual(metric.path?.description, "spec.models[1].contract.metrics.ndcg_at_10")
  }

  func testUnknownModelAndEnvironmentAreDiagnostics() throws {
    let dir = try recommenderDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var request = ModelCommands.ValidateRequest(
      root: RepoPaths.packageRoot.path, compile: CompileRequest(platformPath: "platform.yaml"), model: "recommendr",
      artifact: dir.path, environment: nil, signature: nil, trust: .init(publicKey: nil, trustAnchors: []), baseline: nil)
    let unknown = try ModelCommands.validate(request)
    XCTAssertNil(unknown.report)
    XCTAssertEqual(unknown.compilation.diagnostics.all.map(\.code.rawValue), ["model.unknown"])
    XCTAssertEqual(unknown.compilation.diagnostics.all.first?.notes.first?.message, "did you mean 'recommender'?")
    request.model = "recommender"
    request.environment = "qa"
    XCTAssertEqual(try ModelCommands.validate(request).compilation.diagnostics.all.map(\.code.rawValue), ["input.unknown-environment"])
  }

  func testUnreadableArtifactIsAFinding() throws {
    let dir = try Fixtures.directory(["model.safetensors": Array(Fixtures.safetensors(tensors: [("w", [4])]).dropLast(3))])
    defer { try? FileManager.default.removeItem(at: dir) }
    let report = try XCTUnwrap(try validate(dir.appendingPathComponent("model.safetensors")).report)
    XCTAssertNil(report.description)
    XCTAssertFalse(report.passed)
    XCTAssertTrue(report.diagnostics.all.allSatisfy { $0.code.rawValue.hasPrefix("artifact.safetensors.") }, "\(report.diagnostics.all)")
  }
}

/// The signed path: a bundle made with the openssl CLI, stored inside the model directory.
final class SignedEndToEndTests: XCTestCase {
  func testSignedRecommenderPassesAndTamperingFails() throws {
    let f = try SigningFixture()
    try f.write(
      "model/model.safetensors",
      Fixtures.safetensors(tensors: [("w", [4, 4])], metadata: ["owner": "recsys", "git_commit": "abc", "license": "mit"]))
    try f.write(
      "model/MLmodel",
      Fixtures.mlmodel(
        inputs:
          #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 256]}, "name": "user_embedding"}, {"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1, -1]}, "name": "item_ids"}]"#,
        outputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, -1]}, "name": "logits"}]"#))
    try f.write("model/metrics.json", #"{"ndcg_at_10": 0.5}"#)
    try f.key("signer")
    try f.bundle("model/model.sig", payload: try f.statement(for: "model"), keyFile: "signer.pem", hintKey: "signer.pub.pem")
    // The platform, with the fixture's key as the recommender's trusted signer.
    let root = f.dir.appendingPathComponent("platform")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("keys"), withIntermediateDirectories: true)
    for name in ["platform.yaml", "environments/dev.yaml", "environments/staging.yaml", "environments/prod.yaml"] {
      let target = root.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: RepoPaths.packageRoot.appendingPathComponent(name), to: target)
    }
    try FileManager.default.copyItem(atPath: f.path + "/signer.pub.pem", toPath: root.appendingPathComponent("keys/ml-release.pub.pem").path)
    func validate(key: String? = nil) throws -> ValidationReport {
      let request = ModelCommands.ValidateRequest(
        root: root.path, compile: CompileRequest(platformPath: "platform.yaml"), model: "recommender",
        artifact: f.path + "/model", environment: nil, signature: f.path + "/model/model.sig",
        trust: .init(publicKey: key, trustAnchors: []), baseline: nil)
      return try XCTUnwrap(try ModelCommands.validate(request).report)
    }
    // A key that is not the contract's is refused, even when it made the signature.
    try f.key("rogue")
    try f.bundle("model/rogue.sig", payload: try f.statement(for: "model"), keyFile: "rogue.pem", hintKey: "rogue.pub.pem")
    let rogue = try XCTUnwrap(
      try ModelCommands.validate(
        ModelCommands.ValidateRequest(
          root: root.path, compile: CompileRequest(platformPath: "platform.yaml"), model: "recommender",
          artifact: f.path + "/model", environment: nil, signature: f.path + "/model/rogue.sig",
          trust: .init(publicKey: f.path + "/rogue.pub.pem", trustAnchors: []), baseline: nil)
      ).report)
    XCTAssertEqual(rogue.diagnostics.all.map(\.code.rawValue), ["model.security.signature-invalid"])
    XCTAssertTrue(
      rogue.diagnostics.all.first?.notes.contains { $0.message == "code signature.untrusted-signer" } ?? false, "\(rogue.diagnostics.all)")
    try FileManager.default.removeItem(atPath: f.path + "/model/rogue.sig")
    let ok = try validate()
    XCTAssertEqual(ok.diagnostics.all.map(\.code.rawValue), [])
    XCTAssertEqual(ok.signature?.verified, true)
    XCTAssertFalse(ok.description?.facts.files.contains { $0.path == "model.sig" } ?? true, "the bundle is not a model file")
    try f.write("model/metrics.json", #"{"ndcg_at_10": 0.9}"#)
    let tampered = try validate()
    XCTAssertEqual(tampered.diagnostics.all.map(\.code.rawValue), ["model.security.signature-invalid"])
    XCTAssertTrue(tampered.diagnostics.all.first?.notes.contains { $0.message == "code signature.file.hash-mismatch" } ?? false)
  }
}

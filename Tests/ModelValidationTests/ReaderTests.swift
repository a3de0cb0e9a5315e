import Diagnostics
import Foundation
import ModelArtifacts
import XCTest

@testable import ModelValidation

/// MLmodel, model card front matter and metrics.json readers.
final class ReaderTests: XCTestCase {
  func testMLmodelTensorSignatureAndMetadata() {
    let text = Fixtures.mlmodel(
      inputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}, "name": "x"}]"#,
      outputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}, "name": "y"}]"#,
      metadata: "metadata:\n  owner: team-a\n  build:\n    git_commit: abc123\n")
    let (model, diagnostics) = MLmodelReader.read(Array(text.utf8), file: "MLmodel")
    XCTAssertEqual(diagnostics, [])
    XCTAssertEqual(model?.flavors, ["python_function"])
    XCTAssertEqual(model?.inputs, [TensorSpec(name: "x", dtype: .f32, shape: [.unknown, .fixed(4)])])
    XCTAssertEqual(model?.outputs, [TensorSpec(name: "y", dtype: .i64, shape: [.unknown])])
    let metadata = Dictionary(model?.metadata.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
    XCTAssertEqual(metadata["owner"], .string("team-a"))
    XCTAssertEqual(metadata["build.git_commit"], .string("abc123"))
    XCTAssertEqual(metadata["mlflow.model_uuid"], .string("0123abcd"))
  }

  func testMLmodelColumnSignatureWithOptionalColumns() {
    let text = Fixtures.mlmodel(
      inputs:
        #"[{"type": "double", "name": "a", "required": true}, {"type": "long", "name": "b", "required": false}, {"type": "string", "name": "c"}]"#,
      outputs: #"[{"type": "double", "required": true}]"#)
    let (model, diagnostics) = MLmodelReader.read(Array(text.utf8), file: "MLmodel")
    XCTAssertEqual(diagnostics, [])
    XCTAssertEqual(model?.inputs.map(\.dtype), [.f64, .i64, .string])
    XCTAssertEqual(model?.inputs.first?.shape, [.unknown, .fixed(1)])
    XCTAssertEqual(model?.optionalInputs, ["b"])
    XCTAssertEqual(model?.outputs.map(\.name), ["0"])
  }

  func testMalformedMLmodelIsLocated() {
    let text = Fixtures.mlmodel(inputs: "[{\"type\": \"tensor\"}]", outputs: "not json")
    let (_, diagnostics) = MLmodelReader.read(Array(text.utf8), file: "MLmodel")
    XCTAssertEqual(diagnostics.map(\.code.rawValue), ["model.mlflow.malformed", "model.mlflow.malformed"])
    XCTAssertEqual(diagnostics.first?.range?.start.line, 8)
    let (none, yamlErrors) = MLmodelReader.read(Array("a: [".utf8), file: "MLmodel")
    XCTAssertNil(none)
    XCTAssertFalse(yamlErrors.isEmpty)
  }

  func testModelCardFrontMatter() {
    let card = """
      ---
      license: apache-2.0
      datasets:
        - squad
      model-index:
        - name: m
          results:
            - task: {type: text-classification}
              metrics:
                - {type: accuracy, value: 0.91}
                - {type: f1, value: "0.88"}
                - {type: broken}
      ---
      # My model
      Body text --- not front matter.
      """
    let (parsed, diagnostics) = ModelCardReader.read(Array(card.utf8), file: "README.md")
    XCTAssertEqual(parsed?.metadata.map(\.key), ["license", "datasets"])
    XCTAssertEqual(parsed?.metadata.first?.value, .string("apache-2.0"))
    XCTAssertEqual(parsed?.metrics.map(\.name), ["accuracy", "f1"])
    XCTAssertEqual(parsed?.metrics.map(\.value), [0.91, 0.88])
    XCTAssertEqual(diagnostics.map(\.code.rawValue), ["model.card.malformed"])
    XCTAssertEqual(diagnostics.first?.range?.start.line, 12, "line numbers match the README")
    XCTAssertEqual(ModelCardReader.read(Array("# no front matter\n".utf8), file: "README.md").card?.metadata.count, 0)
  }

  func testMetricsJSON() {
    let (metrics, diagnostics) = MetricsFileReader.read(Array(#"{"auc": 0.9, "n": 3, "note": "x"}"#.utf8), file: "metrics.json")
    XCTAssertEqual(metrics.map(\.name), ["auc", "n"])
    XCTAssertEqual(metrics.map(\.value), [0.9, 3])
    XCTAssertEqual(diagnostics.map(\.severity), [.warning])
    XCTAssertEqual(MetricsFileReader.read(Array(#"{"metrics": {"auc": 1}}"#.utf8), file: "m").metrics.map(\.name), ["auc"])
    XCTAssertEqual(MetricsFileReader.read(Array(#"{"a": 1, "a": 2}"#.utf8), file: "m").diagnostics.map(\.code.rawValue), ["model.metrics.malformed"])
    XCTAssertEqual(MetricsFileReader.read(Array("[1]".utf8), file: "m").diagnostics.map(\.code.rawValue), ["model.metrics.malformed"])
  }

  func testDirectoryMergesEverySourceWithProvenance() throws {
    let dir = try Fixtures.directory([
      "model.safetensors": Fixtures.safetensors(tensors: [("w", [2, 4])], metadata: ["owner": "from-safetensors", "git_commit": "abc"]),
      "MLmodel": Array(
        Fixtures.mlmodel(
          inputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 256]}, "name": "user_embedding"}]"#,
          outputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, -1]}, "name": "logits"}]"#,
          metadata: "metadata:\n  owner: from-mlmodel\n"
        ).utf8),
      "README.md": Array("---\nlicense: mit\nmodel-index:\n  - results:\n      - metrics:\n          - {type: ndcg_at_10, value: 0.3}\n---\n".utf8),
      "metrics.json": Array(#"{"ndcg_at_10": 0.5}"#.utf8),
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let (described, diagnostics) = ModelDescriber.describe(path: dir.path)
    XCTAssertEqual(diagnostics, [])
    let d = try XCTUnwrap(described)
    XCTAssertEqual(d.formats, ["mlflow", "safetensors"])
    XCTAssertEqual(d.signatureSource, "MLmodel")
    XCTAssertEqual(d.inputs.map(\.name), ["user_embedding"])
    XCTAssertEqual(d.metadata["owner"]?.value, .string("from-mlmodel"))
    XCTAssertEqual(d.metadata["owner"]?.source.reader, "mlflow")
    XCTAssertEqual(d.metadata["git_commit"]?.source, Provenance(reader: "safetensors", file: "model.safetensors", key: "__metadata__.git_commit"))
    XCTAssertEqual(d.metadata["license"]?.source.reader, "model-card")
    XCTAssertEqual(d.metrics["ndcg_at_10"]?.value, 0.5)
    XCTAssertEqual(d.metrics["ndcg_at_10"]?.source.reader, "metrics.json")
    XCTAssertEqual(d.pinDigest, d.facts.rootDigest.map { "sha256:" + $0 })
  }
}

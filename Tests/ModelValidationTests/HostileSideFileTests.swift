import Diagnostics
import TestSupport
import XCTest

@testable import ModelValidation

/// Every prefix and thousands of deterministic byte mutations of an MLmodel, a model card and a
/// metrics.json go through the readers: none traps, and each input yields a value or a diagnostic.
final class HostileSideFileTests: XCTestCase {
  static let mlmodel = Array(
    Fixtures.mlmodel(
      inputs:
        #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}, "name": "x"}, {"type": "long", "name": "b", "required": false}]"#,
      outputs: #"[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}, "name": "y"}]"#,
      metadata: "metadata:\n  owner: a\n  nested: {k: [1, 2.5, true]}\n"
    ).utf8)
  static let card = Array(
    "---\nlicense: mit\ndatasets: [a]\nmodel-index:\n  - results:\n      - metrics:\n          - {type: auc, value: 0.9}\n---\n# body\n".utf8)
  static let metrics = Array(#"{"auc": 0.91, "metrics": {"x": 1e3}, "s": "t"}"#.utf8)

  private func exercise(_ bytes: [UInt8]) {
    let (model, d1) = MLmodelReader.read(bytes, file: "MLmodel")
    XCTAssertTrue(model != nil || !d1.isEmpty)
    let (card, d2) = ModelCardReader.read(bytes, file: "README.md")
    XCTAssertTrue(card != nil || !d2.isEmpty)
    let (values, d3) = MetricsFileReader.read(bytes, file: "metrics.json")
    _ = (values, d3)
  }

  func testEveryPrefixNeverTraps() {
    for sample in [Self.mlmodel, Self.card, Self.metrics] {
      for length in 0...sample.count { exercise(Array(sample.prefix(length))) }
    }
  }

  func testByteMutationsNeverTrap() {
    var rng = SplitMix64(state: 0x5EED)
    let interesting: [UInt8] = [0, 0x0A, 0x20, 0x22, 0x27, 0x2D, 0x3A, 0x5B, 0x5D, 0x7B, 0x7D, 0x26, 0x2A, 0x21, 0xFF, 0xC3]
    for sample in [Self.mlmodel, Self.card, Self.metrics] {
      for _ in 0..<1500 {
        var bytes = sample
        for _ in 0..<(1 + Int(rng.next() % 4)) {
          let index = Int(rng.next() % UInt64(bytes.count))
          switch rng.next() % 3 {
          case 0: bytes[index] = interesting[Int(rng.next() % UInt64(interesting.count))]
          case 1: bytes.remove(at: index)
          default: bytes.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: index)
          }
          if bytes.isEmpty { bytes = [0x7B] }
        }
        exercise(bytes)
      }
    }
  }

  func testSchemaEdgeCasesAreErrorsNotTraps() {
    for schema in [
      #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [99999999999999999999]}}]"#,
      #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-2]}}]"#,
      #"[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [1.5]}}]"#,
      #"{"type": "double"}"#, "[[[[[]]]]]", #"[{"name": "x"}]"#,
    ] {
      let text = Fixtures.mlmodel(inputs: schema, outputs: "[]")
      let (_, diagnostics) = MLmodelReader.read(Array(text.utf8), file: "MLmodel")
      XCTAssertEqual(diagnostics.map(\.code.rawValue), ["model.mlflow.malformed"], schema)
    }
  }
}

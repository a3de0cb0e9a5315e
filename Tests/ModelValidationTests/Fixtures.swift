import Diagnostics
import Foundation
import ModelArtifacts
import PlatformModel
import TestSupport

@testable import ModelValidation

/// Test fixtures: tiny safetensors files written byte by byte, model directories, contracts.
enum Fixtures {
  /// A valid safetensors file: F32 tensors laid out contiguously, `__metadata__` strings.
  static func safetensors(tensors: [(name: String, shape: [Int])], metadata: [String: String] = [:]) -> [UInt8] {
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }
      entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for tensor in tensors {
      let bytes = tensor.shape.reduce(1, *) * 4
      entries.append(
        "\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + bytes)]}"
      )
      offset += bytes
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    while (8 + header.count) % 8 != 0 { header.append(0x20) }
    var out: [UInt8] = []
    var length = UInt64(header.count)
    for _ in 0..<8 {
      out.append(UInt8(length & 0xff))
      length >>= 8
    }
    return out + header + [UInt8](repeating: 0, count: offset)
  }

  /// An MLmodel with a TensorSpec signature.
  static func mlmodel(inputs: String, outputs: String, metadata: String = "") -> String {
    """
    artifact_path: model
    flavors:
      python_function:
        loader_module: mlflow.pyfunc.model
    mlflow_version: 3.17.2
    model_uuid: 0123abcd
    signature:
      inputs: '\(inputs)'
      outputs: '\(outputs)'
      params: null
    \(metadata)
    """
  }

  /// Writes files into a fresh temporary directory.
  static func directory(_ files: [String: [UInt8]]) throws -> URL {
    let dir = RepoPaths.temporaryDirectory("paved-model")
    for (name, bytes) in files {
      let url = dir.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    return dir
  }

  static let origin = SourceRange(start: SourceLocation(file: "platform.yaml", line: 3, column: 13))

  /// A model with the given contract.
  static func model(_ contract: Contract?) -> Model {
    Model(name: "ranker", tenant: "search", contract: contract, serving: nil, origin: origin)
  }

  /// The ranker contract of the bundled platform.yaml, with tweaks.
  static func contract(
    formats: [String] = ["onnx", "safetensors"], inputs: [TensorContract]? = nil, outputs: [TensorContract]? = nil,
    maxSize: Int64? = 1 << 30, required: [String] = ["owner", "license"], metrics: [MetricThreshold] = [],
    signed: Bool = false, pickle: String = "forbidden"
  ) -> Contract {
    Contract(
      formats: formats,
      inputs: inputs ?? [TensorContract(name: "features", dtype: "float32", shape: [.any, .fixed(128)])],
      outputs: outputs ?? [TensorContract(name: "scores", dtype: "float32", shape: [.any, .fixed(1)])],
      maxSizeBytes: maxSize, requiredMetadata: required, metrics: metrics, signed: signed, pickle: pickle)
  }

  /// A description with a signature and metadata, as if read from an ONNX file.
  static func description(
    inputs: [TensorSpec] = [TensorSpec(name: "features", dtype: .f32, shape: [.symbolic("N"), .fixed(128)])],
    outputs: [TensorSpec] = [TensorSpec(name: "scores", dtype: .f32, shape: [.symbolic("N"), .fixed(1)])],
    metadata: [String: String] = ["owner": "search", "license": "mit"], metrics: [String: Double] = [:],
    formats: [String] = ["onnx"], size: UInt64 = 1000, pickleFiles: [String] = [], findings: [PickleFinding] = []
  ) -> ModelDescription {
    var facts = ArtifactFacts(format: .onnx, inputs: inputs, outputs: outputs, pickleFindings: findings)
    facts.files = [FileDigest(path: "model.onnx", size: size, sha256: String(repeating: "ab", count: 32))]
    return ModelDescription(
      path: "model.onnx", facts: facts, formats: formats, pickleFiles: pickleFiles, inputs: inputs, outputs: outputs,
      optionalInputs: [], signatureSource: inputs.isEmpty && outputs.isEmpty ? nil : "model.onnx",
      metadata: metadata.mapValues {
        SourcedValue(value: .string($0), source: Provenance(reader: "onnx", file: "model.onnx", key: "metadata_props"))
      },
      metrics: metrics.mapValues { SourcedMetric(value: $0, source: Provenance(reader: "metrics.json", file: "metrics.json", key: "x")) },
      isSingleFile: true)
  }
}

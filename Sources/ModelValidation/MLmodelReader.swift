import Diagnostics
import ModelArtifacts
import SpecSyntax

/// What an MLflow `MLmodel` file declares.
public struct MLflowModel: Sendable, Hashable {
  /// Flavor names (`python_function`, `sklearn`, `onnx`, …), sorted.
  public var flavors: [String]
  /// `signature.inputs`, canonical.
  public var inputs: [TensorSpec]
  /// `signature.outputs`, canonical.
  public var outputs: [TensorSpec]
  /// Inputs with `required: false`.
  public var optionalInputs: Set<String>
  /// `signature.params` names.
  public var params: [String]
  /// `metadata` (flattened to dotted keys) and the identity fields (`run_id`, `model_uuid`, …).
  public var metadata: [(key: String, value: MetadataValue)]
  /// Whether the file had a `signature` block.
  public var hasSignature: Bool

  public static func == (lhs: MLflowModel, rhs: MLflowModel) -> Bool {
    lhs.flavors == rhs.flavors && lhs.inputs == rhs.inputs && lhs.outputs == rhs.outputs
      && lhs.optionalInputs == rhs.optionalInputs && lhs.params == rhs.params && lhs.hasSignature == rhs.hasSignature
      && lhs.metadata.map(\.key) == rhs.metadata.map(\.key) && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(flavors)
    hasher.combine(inputs)
    hasher.combine(outputs)
  }
}

/// Reads an MLflow `MLmodel` file through SpecSyntax's located YAML loader. Signature schemas are
/// JSON strings, parsed with the strict JSON parser.
public enum MLmodelReader {
  /// Identity fields lifted into metadata.
  static let identityKeys = ["model_uuid", "model_id", "run_id", "utc_time_created", "mlflow_version", "model_size_bytes", "artifact_path"]

  /// Parses `bytes` read from `file` (the name diagnostics use).
  public static func read(_ bytes: [UInt8], file: String) -> (model: MLflowModel?, diagnostics: [Diagnostic]) {
    let (document, diagnostics) = YAMLLoader.load(bytes, file: file)
    guard let root = document?.root, diagnostics.isEmpty else { return (nil, diagnostics) }
    guard root.entries != nil else {
      return (nil, [.error(.mlflowMalformed, "MLmodel must be a mapping, not \(root.shapeDescription)", at: root.range)])
    }
    var problems: [Diagnostic] = []
    var model = MLflowModel(flavors: [], inputs: [], outputs: [], optionalInputs: [], params: [], metadata: [], hasSignature: false)
    model.flavors = (YAMLValues.value(root, "flavors")?.entries ?? []).map(\.key).sorted()
    if let signature = YAMLValues.value(root, "signature") {
      model.hasSignature = true
      for part in ["inputs", "outputs", "params"] {
        guard let node = YAMLValues.value(signature, part), let text = YAMLValues.text(node), !text.isEmpty, text != "null" else { continue }
        do {
          let parsed = try MLflowSchema.parse(text, file: file)
          switch part {
          case "inputs":
            model.inputs = parsed.tensors
            model.optionalInputs = parsed.optional
          case "outputs": model.outputs = parsed.tensors
          default: model.params = parsed.tensors.map(\.name)
          }
        } catch {
          problems.append(.error(.mlflowMalformed, "signature.\(part) is not a valid MLflow schema: \(error)", at: node.range))
        }
      }
    }
    if let metadata = YAMLValues.value(root, "metadata") {
      var flat: [(String, MetadataValue)] = []
      YAMLValues.flatten(metadata, into: &flat)
      model.metadata += flat.map { (key: $0.0, value: $0.1) }
    }
    for key in identityKeys {
      if let node = YAMLValues.value(root, key), let value = YAMLValues.metadata(node) {
        model.metadata.append((key: "mlflow.\(key)", value: value))
      }
    }
    return (model, diagnostics + problems)
  }
}

extension DiagnosticCode {
  /// An MLmodel file that is not a mapping or has an invalid signature schema.
  public static let mlflowMalformed = DiagnosticCode("model.mlflow.malformed")
  public static let mlflowInvalidJSON = DiagnosticCode("model.mlflow.invalid-json")
  public static let mlflowDuplicateKey = DiagnosticCode("model.mlflow.duplicate-key")
  /// A model card whose YAML front matter is malformed.
  public static let modelCardMalformed = DiagnosticCode("model.card.malformed")
  /// A metrics.json that is not a JSON object of numbers.
  public static let metricsMalformed = DiagnosticCode("model.metrics.malformed")
  public static let metricsInvalidJSON = DiagnosticCode("model.metrics.invalid-json")
  public static let metricsDuplicateKey = DiagnosticCode("model.metrics.duplicate-key")
}

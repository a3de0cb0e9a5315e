/// An operator-set import of an ONNX model.
public struct ONNXOpset: Sendable, Hashable, Codable {
  /// Domain; `""` is normalised to `ai.onnx`.
  public var domain: String
  /// Opset version.
  public var version: Int64
}

/// A reference from a tensor to an external data file.
public struct ONNXExternalData: Sendable, Hashable, Codable {
  /// The tensor that stores its data outside the model file.
  public var tensor: String
  /// The side file, relative to the model's directory (validated: not absolute, no `..`).
  public var location: String
  /// Byte offset inside the side file, if given.
  public var offset: UInt64?
  /// Byte length inside the side file, if given.
  public var length: UInt64?
}

/// What the ONNX reader extracts from a `ModelProto`: identity, opsets, signature, weights and
/// metadata. Node graphs are walked only to find external data references.
public struct ONNXModel: Sendable, Hashable, Codable {
  /// `ir_version`.
  public var irVersion: Int64 = 0
  /// `producer_name`.
  public var producerName = ""
  /// `producer_version`.
  public var producerVersion = ""
  /// `domain`.
  public var domain = ""
  /// `model_version`.
  public var modelVersion: Int64 = 0
  /// `opset_import`.
  public var opsets: [ONNXOpset] = []
  /// Graph inputs (initializers already removed when IR < 4).
  public var inputs: [TensorSpec] = []
  /// Graph outputs.
  public var outputs: [TensorSpec] = []
  /// Initializers (weights) with their dtype and dims.
  public var initializers: [TensorSpec] = []
  /// `metadata_props` in file order.
  public var metadataProps: [ONNXProperty] = []
  /// External data references from initializers and node attribute tensors.
  public var externalData: [ONNXExternalData] = []
}

/// One `metadata_props` entry.
public struct ONNXProperty: Sendable, Hashable, Codable {
  /// Key.
  public var key: String
  /// Value.
  public var value: String
}

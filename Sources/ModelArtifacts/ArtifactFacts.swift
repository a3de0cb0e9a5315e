/// The kind of artifact a file was recognised as.
public enum ArtifactFormat: String, Sendable, Hashable, Codable, CaseIterable {
  case safetensors
  case gguf
  case onnx
  /// A raw pickle stream (`.pkl`, `.joblib`, cloudpickle, …).
  case pickle
  /// A `torch.save` zip archive (≥ 1.6) holding `data.pkl`.
  case torchZip = "torch-zip"
  /// A legacy `torch.save` file: a sequence of pickles starting with the magic number.
  case torchLegacy = "torch-legacy"
  /// A NumPy `.npy` array (pickle-bearing when its dtype is `object`).
  case numpy
  /// A zip of `.npy` arrays (`.npz`).
  case numpyZip = "numpy-zip"
  /// A directory of several artifact files.
  case directory
  /// Not recognised as any model format.
  case unknown
}

/// A metadata value lifted out of an artifact; GGUF arrays too large to keep are summarised.
public indirect enum MetadataValue: Sendable, Hashable, Codable {
  case string(String)
  case int(Int64)
  case uint(UInt64)
  case float(Double)
  case bool(Bool)
  case array([MetadataValue])
  /// An array longer than the retention cap: its element type name and length only.
  case arraySummary(elementType: String, count: UInt64)
}

/// Where a metadata value came from.
public struct MetadataSource: Sendable, Hashable, Codable {
  /// The format whose metadata block held the value.
  public var format: ArtifactFormat
  /// The file it was read from.
  public var file: String
  /// The key inside that block (`__metadata__.owner`, `general.license`, `metadata_props.author`).
  public var key: String

  /// Creates a source.
  public init(format: ArtifactFormat, file: String, key: String) {
    self.format = format
    self.file = file
    self.key = key
  }
}

/// A metadata value together with its provenance.
public struct MetadataEntry: Sendable, Hashable, Codable {
  /// The value.
  public var value: MetadataValue
  /// Where it was found.
  public var source: MetadataSource

  /// Creates an entry.
  public init(value: MetadataValue, source: MetadataSource) {
    self.value = value
    self.source = source
  }
}

/// Size and streamed SHA-256 of one file of an artifact.
public struct FileDigest: Sendable, Hashable, Codable {
  /// Relative POSIX path (the model-signing resource name).
  public var path: String
  /// Size in bytes.
  public var size: UInt64
  /// Lower-case hex SHA-256 of the file's bytes.
  public var sha256: String

  /// Creates a digest record.
  public init(path: String, size: UInt64, sha256: String) {
    self.path = path
    self.size = size
    self.sha256 = sha256
  }
}

/// Everything the readers learned about an artifact, in canonical form.
public struct ArtifactFacts: Sendable, Hashable, Codable {
  /// Detected format.
  public var format: ArtifactFormat
  /// Declared model inputs (ONNX graph inputs minus initializers).
  public var inputs: [TensorSpec]
  /// Declared model outputs.
  public var outputs: [TensorSpec]
  /// Stored weight tensors (safetensors entries, GGUF tensor infos, ONNX initializers).
  public var tensors: [TensorSpec]
  /// Metadata keyed by a qualified name, each value with its source.
  public var metadata: [String: MetadataEntry]
  /// Digests of the files read, sorted like model-signing resources.
  public var files: [FileDigest]
  /// Unsafe pickle globals and unscannable pickle content.
  public var pickleFindings: [PickleFinding]
  /// Side files referenced by the artifact (ONNX external data), as relative paths.
  public var externalReferences: [String]
  /// Non-fatal problems (for example symlinks that were reported but not followed).
  public var issues: [ArtifactError]
  /// The model-signing root digest over `files` (hex), when digests were computed.
  public var rootDigest: String?

  /// Creates facts; every collection defaults to empty.
  public init(
    format: ArtifactFormat, inputs: [TensorSpec] = [], outputs: [TensorSpec] = [],
    tensors: [TensorSpec] = [], metadata: [String: MetadataEntry] = [:], files: [FileDigest] = [],
    pickleFindings: [PickleFinding] = [], externalReferences: [String] = [], issues: [ArtifactError] = []
  ) {
    self.format = format
    self.inputs = inputs
    self.outputs = outputs
    self.tensors = tensors
    self.metadata = metadata
    self.files = files
    self.pickleFindings = pickleFindings
    self.externalReferences = externalReferences
    self.issues = issues
    self.rootDigest = nil
  }
}

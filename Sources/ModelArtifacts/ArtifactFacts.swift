import Diagnostics

/// Everything the readers learned about an artifact, in canonical form.
public struct ArtifactFacts: Sendable, Hashable {
  /// Detected format.
  public var format: ArtifactFormat
  /// Declared model inputs (ONNX graph inputs minus initializers).
  public var inputs: [TensorSpec]
  /// Declared model outputs.
  public var outputs: [TensorSpec]
  /// Stored weight tensors (safetensors entries, GGUF tensor infos, ONNX initializers).
  public var tensors: [TensorSpec]
  /// Metadata keyed by a qualified name, each value with its source.
  public var metadata: [String: SourcedValue]
  /// Digests of the files read, sorted like model-signing resources.
  public var files: [FileDigest]
  /// Unsafe pickle globals and unscannable pickle content.
  public var pickleFindings: [PickleFinding]
  /// Side files referenced by the artifact (ONNX external data), as relative paths.
  public var externalReferences: [String]
  /// Non-fatal problems (for example symlinks that were reported but not followed).
  public var issues: [Diagnostic]
  /// The model-signing root digest over `files` (hex), when digests were computed.
  public var rootDigest: String?

  /// Creates facts; every collection defaults to empty.
  public init(
    format: ArtifactFormat, inputs: [TensorSpec] = [], outputs: [TensorSpec] = [],
    tensors: [TensorSpec] = [], metadata: [String: SourcedValue] = [:], files: [FileDigest] = [],
    pickleFindings: [PickleFinding] = [], externalReferences: [String] = [], issues: [Diagnostic] = []
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

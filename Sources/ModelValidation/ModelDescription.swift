import ModelArtifacts

/// Everything the validation engine knows about one artifact: the format readers' facts plus the
/// MLflow `MLmodel`, the model card front matter and `metrics.json`, merged into one canonical view.
public struct ModelDescription: Sendable, Hashable {
  /// The artifact path as given.
  public var path: String
  /// Raw reader facts (files, digests, tensors, pickle findings, issues).
  public var facts: ArtifactFacts
  /// Contract format names found: `mlflow` when an `MLmodel` is present, plus the recognised
  /// weight formats (`onnx`, `safetensors`, `gguf`, `pytorch`, `pickle`, `numpy`), sorted.
  public var formats: [String]
  /// Files that are pickles (raw pickles, torch zips or legacy torch files), relative.
  public var pickleFiles: [String]
  /// The signature's inputs (canonical).
  public var inputs: [TensorSpec]
  /// The signature's outputs (canonical).
  public var outputs: [TensorSpec]
  /// Inputs the signature marks optional (MLflow `required: false`).
  public var optionalInputs: Set<String>
  /// Where `inputs`/`outputs` were read, when any were.
  public var signatureSource: String?
  /// Merged metadata: first source wins, in the order MLmodel → format headers → model card.
  public var metadata: [String: SourcedValue]
  /// Metrics: `metrics.json` first, then the model card's model-index.
  public var metrics: [String: SourcedMetric]
  /// True when the artifact is a single file (its digest is then the file's SHA-256).
  public var isSingleFile: Bool

  /// Total bytes over all files.
  public var totalSize: UInt64 { facts.files.reduce(0) { $0 &+ $1.size } }

  /// The digest compared with an environment pin: the file's SHA-256 for a single file, the
  /// model-signing root digest for a directory (`sha256:<hex>`); nil when digests were skipped.
  public var pinDigest: String? {
    if isSingleFile { return facts.files.first.flatMap { $0.sha256.isEmpty ? nil : "sha256:" + $0.sha256 } }
    return facts.rootDigest.map { "sha256:" + $0 }
  }

  /// Looks a required metadata key up: the key itself, then `general.<key>` (GGUF), then any key
  /// ending in `.<key>`.
  public func metadataValue(_ key: String) -> (key: String, value: SourcedValue)? {
    if let value = metadata[key] { return (key, value) }
    if let value = metadata["general." + key] { return ("general." + key, value) }
    let suffix = "." + key
    if let match = metadata.keys.filter({ $0.hasSuffix(suffix) }).sorted().first, let value = metadata[match] {
      return (match, value)
    }
    return nil
  }
}

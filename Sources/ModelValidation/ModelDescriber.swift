import Diagnostics
import ModelArtifacts

/// Builds a `ModelDescription`: runs the format readers (through `ArtifactInspector`), then the
/// side-file readers of a model directory (`MLmodel`, `README.md`, `metrics.json`), and merges
/// signature, metadata and metrics with each value's source.
public enum ModelDescriber {
  /// Contract format name of a detected file format, nil for files that are not model formats.
  public static func contractFormat(_ format: ArtifactFormat) -> String? {
    switch format {
    case .safetensors: "safetensors"
    case .gguf: "gguf"
    case .onnx: "onnx"
    case .torchZip, .torchLegacy: "pytorch"
    case .pickle: "pickle"
    case .numpy, .numpyZip: "numpy"
    case .directory, .unknown: nil
    }
  }

  /// Describes the artifact at `path` (file or directory). Errors (unreadable or malformed
  /// artifact, malformed side files) come back as diagnostics; the description is nil only when
  /// the artifact could not be read at all. `excluding` names relative paths that are not part of
  /// the model (a signature bundle stored inside the directory).
  public static func describe(path: String, digests: Bool = true, excluding: [String] = []) -> (ModelDescription?, [Diagnostic]) {
    let facts: ArtifactFacts
    do {
      facts = try ArtifactInspector.inspect(path: path, ignorePaths: ModelDirectory.defaultIgnorePaths + excluding, digests: digests)
    } catch var error as Diagnostic {
      error.summary = "\(path): \(error.summary)"
      if (error.file ?? "").isEmpty { error.range = .file(path) }
      return (nil, [error])
    } catch {
      return (nil, [.error(.artifactUnreadable, "\(path): \(error)", at: .file(path))])
    }
    let single = facts.format != .directory
    var description = ModelDescription(
      path: path, facts: facts, formats: [], pickleFiles: [], inputs: facts.inputs, outputs: facts.outputs,
      optionalInputs: [], signatureSource: nil, metadata: [:], metrics: [:], isSingleFile: single)
    var diagnostics: [Diagnostic] = []
    var formats = Set<String>()
    for file in facts.files {
      let full = single ? path : path + "/" + file.path
      let format = single ? facts.format : ((try? ArtifactInspector.detectFormat(path: full)) ?? .unknown)
      if let name = contractFormat(format) { formats.insert(name) }
      if [.pickle, .torchZip, .torchLegacy].contains(format) { description.pickleFiles.append(file.path) }
    }
    for finding in facts.pickleFindings {
      let file = String(finding.file.split(separator: ":").first ?? "")
      if !description.pickleFiles.contains(file) { description.pickleFiles.append(file) }
    }
    if !facts.inputs.isEmpty || !facts.outputs.isEmpty {
      description.signatureSource = facts.files.first { contractFormat(detect(path, $0.path, single)) == "onnx" }?.path ?? "artifact"
    }
    // Metadata from MLmodel first (its signature also wins), then the format headers, then the card.
    if !single {
      let names = Set(facts.files.map(\.path))
      if names.contains("MLmodel") {
        formats.insert("mlflow")
        readMLmodel(path + "/MLmodel", into: &description, &diagnostics)
      }
    }
    for (key, entry) in facts.metadata.sorted(by: { $0.key < $1.key }) where description.metadata[key] == nil {
      description.metadata[key] = entry
    }
    if !single {
      let names = Set(facts.files.map(\.path))
      if let card = ["README.md", "readme.md", "README.MD"].first(where: names.contains) {
        readCard(path + "/" + card, name: card, into: &description, &diagnostics)
      }
      if names.contains("metrics.json") { readMetrics(path + "/metrics.json", into: &description, &diagnostics) }
    }
    description.formats = formats.sorted()
    description.pickleFiles.sort()
    return (description, diagnostics)
  }

  private static func detect(_ root: String, _ file: String, _ single: Bool) -> ArtifactFormat {
    (try? ArtifactInspector.detectFormat(path: single ? root : root + "/" + file)) ?? .unknown
  }

  private static func load(_ path: String, _ diagnostics: inout [Diagnostic]) -> [UInt8]? {
    do {
      return try SmallFile.read(path)
    } catch {
      diagnostics.append(
        .error(.artifactUnreadable, "\(path) cannot be read (\(error)); side files are capped at \(SmallFile.limit) bytes", at: .file(path)))
      return nil
    }
  }

  static func readMLmodel(_ path: String, into description: inout ModelDescription, _ diagnostics: inout [Diagnostic]) {
    guard let bytes = load(path, &diagnostics) else { return }
    let (model, problems) = MLmodelReader.read(bytes, file: path)
    diagnostics += problems
    guard let model else { return }
    if model.hasSignature, !model.inputs.isEmpty || !model.outputs.isEmpty {
      description.inputs = model.inputs
      description.outputs = model.outputs
      description.optionalInputs = model.optionalInputs
      description.signatureSource = "MLmodel"
    }
    for pair in model.metadata where description.metadata[pair.key] == nil {
      let key = pair.key.hasPrefix("mlflow.") ? pair.key : "metadata.\(pair.key)"
      description.metadata[pair.key] = SourcedValue(value: pair.value, source: Provenance(reader: "mlflow", file: "MLmodel", key: key))
    }
  }

  static func readCard(_ path: String, name: String, into description: inout ModelDescription, _ diagnostics: inout [Diagnostic]) {
    guard let bytes = load(path, &diagnostics) else { return }
    let (card, problems) = ModelCardReader.read(bytes, file: path)
    diagnostics += problems
    guard let card else { return }
    for pair in card.metadata where description.metadata[pair.key] == nil {
      description.metadata[pair.key] = SourcedValue(value: pair.value, source: Provenance(reader: "model-card", file: name, key: pair.key))
    }
    for metric in card.metrics where description.metrics[metric.name] == nil {
      description.metrics[metric.name] = SourcedMetric(value: metric.value, source: Provenance(reader: "model-card", file: name, key: metric.path))
    }
  }

  static func readMetrics(_ path: String, into description: inout ModelDescription, _ diagnostics: inout [Diagnostic]) {
    guard let bytes = load(path, &diagnostics) else { return }
    let (metrics, problems) = MetricsFileReader.read(bytes, file: path)
    diagnostics += problems
    for metric in metrics {
      // metrics.json wins over the card: it is read last but overrides.
      description.metrics[metric.name] = SourcedMetric(
        value: metric.value, source: Provenance(reader: "metrics.json", file: "metrics.json", key: metric.name))
    }
  }
}

extension DiagnosticCode {
  /// The artifact (or one of its side files) cannot be read.
  public static let artifactUnreadable = DiagnosticCode("model.artifact.unreadable")
}

import Diagnostics
import ModelArtifacts
import SpecSyntax

/// What a Hugging Face model card's YAML front matter declares.
public struct ModelCard: Sendable, Hashable {
  /// `license`, `license_name`, `license_link`, `library_name`, `pipeline_tag`, `base_model`,
  /// `datasets`, `tags`, `language`, in that order when present.
  public var metadata: [MetadataPair]
  /// `model-index[].results[].metrics[]`: each metric's `type` (or `name`) and numeric value.
  public var metrics: [MetricEntry]

  /// One metadata key and value.
  public struct MetadataPair: Sendable, Hashable {
    public var key: String
    public var value: MetadataValue
  }

  /// One metric from the model-index.
  public struct MetricEntry: Sendable, Hashable {
    public var name: String
    public var value: Double
    /// Position in the model-index (`model-index[0].results[1].metrics[2]`).
    public var path: String
  }
}

/// Reads the YAML front matter (`---` … `---` at the top of README.md) of a model card.
public enum ModelCardReader {
  static let metadataKeys = ["license", "license_name", "license_link", "library_name", "pipeline_tag", "base_model", "datasets", "tags", "language"]

  /// The front matter of `bytes` as YAML text with the same line numbers (the opening `---`
  /// becomes a comment), or nil when the file has none.
  static func frontMatter(_ bytes: [UInt8]) -> [UInt8]? {
    var body = bytes
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
    let text = String(decoding: body, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    guard lines.first == "---" else { return nil }
    guard let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else { return nil }
    lines[0] = "#"
    return Array(lines[0..<end].joined(separator: "\n").utf8) + [0x0A]
  }

  /// Parses the card at `file`; a card without front matter yields an empty card.
  public static func read(_ bytes: [UInt8], file: String) -> (card: ModelCard?, diagnostics: [Diagnostic]) {
    guard let yaml = frontMatter(bytes) else { return (ModelCard(metadata: [], metrics: []), []) }
    if yaml.allSatisfy({ $0 == 0x0A || $0 == 0x20 || $0 == UInt8(ascii: "#") }) { return (ModelCard(metadata: [], metrics: []), []) }
    let (document, diagnostics) = YAMLLoader.load(yaml, file: file)
    guard let root = document?.root, diagnostics.isEmpty else { return (nil, diagnostics) }
    guard root.entries != nil else {
      return (nil, [.error(.modelCardMalformed, "model card front matter must be a mapping, not \(root.shapeDescription)", at: root.range)])
    }
    var card = ModelCard(metadata: [], metrics: [])
    for key in metadataKeys {
      if let node = YAMLValues.value(root, key), let value = YAMLValues.metadata(node) {
        card.metadata.append(.init(key: key, value: value))
      }
    }
    var problems: [Diagnostic] = []
    for (m, entry) in (YAMLValues.value(root, "model-index")?.items ?? []).prefix(256).enumerated() {
      for (r, result) in (YAMLValues.value(entry, "results")?.items ?? []).prefix(256).enumerated() {
        for (i, metric) in (YAMLValues.value(result, "metrics")?.items ?? []).prefix(1024).enumerated() {
          let path = "model-index[\(m)].results[\(r)].metrics[\(i)]"
          guard let name = YAMLValues.text(YAMLValues.value(metric, "type")) ?? YAMLValues.text(YAMLValues.value(metric, "name")) else {
            problems.append(.error(.modelCardMalformed, "\(path) has no type", at: metric.range))
            continue
          }
          guard let value = YAMLValues.number(YAMLValues.value(metric, "value")) else {
            problems.append(.warning(.modelCardMalformed, "\(path) (\(name)) has no numeric value; ignored", at: metric.range))
            continue
          }
          card.metrics.append(.init(name: name, value: value, path: path))
        }
      }
    }
    return (card, diagnostics + problems)
  }
}

import ModelArtifacts

/// Where a metadata value or metric came from: the reader, the file, and the key inside it.
public struct Provenance: Sendable, Hashable, Codable, CustomStringConvertible {
  /// `safetensors`, `onnx`, `gguf`, `mlflow`, `model-card` or `metrics.json`.
  public var reader: String
  /// The file, relative to the artifact root.
  public var file: String
  /// The key inside the file (`__metadata__.owner`, `metadata.owner`, `model-index[0].results[0].metrics[1]`).
  public var key: String

  /// Creates a provenance record.
  public init(reader: String, file: String, key: String) {
    self.reader = reader
    self.file = file
    self.key = key
  }

  /// `file (key)`.
  public var description: String { "\(file) (\(key))" }
}

/// A metadata value with its provenance.
public struct SourcedValue: Sendable, Hashable, Codable {
  /// The value.
  public var value: MetadataValue
  /// Where it was read.
  public var source: Provenance

  /// Creates a sourced value.
  public init(value: MetadataValue, source: Provenance) {
    self.value = value
    self.source = source
  }
}

/// A numeric metric with its provenance.
public struct SourcedMetric: Sendable, Hashable, Codable {
  /// The metric's value.
  public var value: Double
  /// Where it was read.
  public var source: Provenance

  /// Creates a sourced metric.
  public init(value: Double, source: Provenance) {
    self.value = value
    self.source = source
  }
}

extension MetadataValue {
  /// A short display form (`"abc"`, `3`, `[a, b]`).
  public var display: String {
    switch self {
    case .string(let text): text
    case .int(let value): "\(value)"
    case .uint(let value): "\(value)"
    case .float(let value): "\(value)"
    case .bool(let value): "\(value)"
    case .array(let items): "[" + items.prefix(8).map(\.display).joined(separator: ", ") + (items.count > 8 ? ", …" : "") + "]"
    case .arraySummary(let type, let count): "[\(count) × \(type)]"
    }
  }
}

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

/// Where a metadata value or metric came from: the reader, the file, and the key inside it.
public struct Provenance: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The reader: an artifact format (`safetensors`, `onnx`, `gguf`) or a side file's (`mlflow`, `model-card`,
  /// `metrics.json`).
  public var reader: String
  /// The file, relative to the artifact root.
  public var file: String
  /// The key inside the file (`__metadata__.owner`, `metadata_props.author`, `model-index[0].results[0].metrics[1]`).
  public var key: String

  /// Creates a provenance record.
  public init(reader: String, file: String, key: String) {
    self.reader = reader
    self.file = file
    self.key = key
  }

  /// A value read from an artifact format's own metadata block.
  public init(format: ArtifactFormat, file: String, key: String) {
    self.init(reader: format.rawValue, file: file, key: key)
  }

  /// `file (key)`.
  public var description: String { "\(file) (\(key))" }
}

/// A value read from a model's files, with its provenance.
public struct Sourced<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
  /// The value.
  public var value: Value
  /// Where it was read.
  public var source: Provenance

  /// Creates a sourced value.
  public init(value: Value, source: Provenance) {
    self.value = value
    self.source = source
  }
}

/// A metadata value with its provenance.
public typealias SourcedValue = Sourced<MetadataValue>
/// A numeric metric with its provenance.
public typealias SourcedMetric = Sourced<Double>

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

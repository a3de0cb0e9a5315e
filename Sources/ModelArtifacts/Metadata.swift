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

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

import Hashing

/// Streamed SHA-256 of files: a fixed 1 MiB buffer, so memory stays bounded for any file size.
public enum FileDigester {
  /// Bytes read per `pread`.
  public static let bufferSize = 1 << 20

  /// Size and hex SHA-256 of the regular file at `path` (symlinks are refused, not followed).
  /// `label` is the relative path recorded in the result.
  public static func digest(path: String, label: String) throws -> FileDigest {
    let source = try FileByteSource(path: path, label: label)
    let (raw, size) = try digest(source: source)
    return FileDigest(path: label, size: size, sha256: SHA256.hex(raw))
  }

  /// Raw 32-byte digest and size of a source.
  static func digest(source: any ByteSource) throws -> ([UInt8], UInt64) {
    let hasher = SHA256Hasher()
    var buffer = [UInt8](repeating: 0, count: bufferSize)
    var offset: UInt64 = 0
    while offset < source.size {
      let count = try buffer.withUnsafeMutableBytes { try source.read(at: offset, into: $0) }
      if count == 0 { break }
      buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      offset += UInt64(count)
    }
    return (hasher.finalize(), offset)
  }
}

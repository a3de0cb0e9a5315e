import Artifacts
import Hashing
import Locking
import VirtualFileSystem

/// A file tree that remembers every file read through it, so a plan can fingerprint its inputs
/// exactly (the files the compiler really read, not a guess at which ones matter).
final class RecordingFileSystem: ReadOnlyFileSystem, @unchecked Sendable {
  private let inner: any ReadOnlyFileSystem
  private let lock = Lock()
  private var reads: [String: [UInt8]] = [:]

  init(_ inner: any ReadOnlyFileSystem) { self.inner = inner }

  var displayName: String { inner.displayName }

  func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
    let bytes = try inner.readFile(path, limit: limit)
    lock.withLock { reads[path] = bytes }
    return bytes
  }

  func entryKind(_ path: String) -> FileEntryKind? { inner.entryKind(path) }
  func listDirectory(_ path: String) throws(FileSystemError) -> [String] { try inner.listDirectory(path) }

  /// The files read so far, sorted by path.
  var recorded: [(path: String, bytes: [UInt8])] {
    lock.withLock { reads.keys.sorted().map { ($0, reads[$0] ?? []) } }
  }
}

/// `sha256:<hex>` over tagged input files: for each side and file, `side NUL path NUL length NUL bytes`.
enum InputFingerprint {
  static func compute(_ sides: [(tag: String, files: [(path: String, bytes: [UInt8])])]) -> String {
    let hasher = SHA256Hasher()
    for side in sides {
      for file in side.files {
        hasher.update(side.tag)
        hasher.update([0])
        hasher.update(file.path)
        hasher.update([0])
        hasher.update(String(file.bytes.count))
        hasher.update([0])
        hasher.update(file.bytes)
      }
    }
    return "sha256:" + SHA256.hex(hasher.finalize())
  }
}

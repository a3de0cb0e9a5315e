import CLibGit2
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes blobs into a repository's object database from several threads at once, so a commit can
/// take a render's files as they are emitted instead of holding them all.
///
/// libgit2 objects must not be used by two threads at once: each writing thread borrows its own
/// `git_odb` (opened on the repository's objects directory) from a small pool. A blob already in the
/// database is not written again (libgit2 checks before writing).
public final class BlobWriter: @unchecked Sendable {
  private let objectsDirectory: String
  private let lock = Lock()
  private var idle: [OwnedOdb] = []

  init(objectsDirectory: String) {
    self.objectsDirectory = objectsDirectory
  }

  /// Writes `bytes` as a blob (unless it is there already) and returns its id.
  public func write(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
    let odb = try borrow()
    defer { giveBack(odb) }
    var id = git_oid()
    let code = bytes.withUnsafeBytes { raw in git_odb_write(&id, odb.raw, raw.baseAddress, raw.count, GIT_OBJECT_BLOB) }
    try check(code, "cannot write a blob")
    return ObjectID(id)
  }

  /// The id `bytes` have as a blob, without writing anything.
  public static func id(of bytes: [UInt8]) throws(GitError) -> ObjectID {
    var id = git_oid()
    let code = bytes.withUnsafeBytes { raw in git_odb_hash(&id, raw.baseAddress, raw.count, GIT_OBJECT_BLOB) }
    try check(code, "cannot hash a blob")
    return ObjectID(id)
  }

  private func borrow() throws(GitError) -> OwnedOdb {
    let odb = lock.withLock { idle.popLast() }
    if let odb { return odb }
    var pointer: OpaquePointer?
    try check(git_odb_open(&pointer, objectsDirectory), "cannot open the object database")
    return OwnedOdb(try produced(pointer, "object database"))
  }

  private func giveBack(_ odb: OwnedOdb) {
    lock.withLock { idle.append(odb) }
  }
}

extension Repository {
  /// A writer of blobs into this repository, usable from several threads.
  public func blobWriter() throws(GitError) -> BlobWriter {
    try handle.withRepository { repo throws(GitError) in
      let buffer = OwnedBuffer()
      try check(git_repository_item_path(&buffer.buf, repo, GIT_REPOSITORY_ITEM_OBJECTS), "cannot find the object database")
      return BlobWriter(objectsDirectory: buffer.string)
    }
  }
}

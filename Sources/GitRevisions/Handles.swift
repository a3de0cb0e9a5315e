import CLibGit2
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Every libgit2 pointer this module holds lives in one of the final classes below,
// which free it in `deinit`. Apart from `RepositoryHandle`, none is Sendable: they
// are created and dropped inside `RepositoryHandle.withRepository`, under its lock.

/// `git_libgit2_init()`, run exactly once, on first use (Swift globals are initialised lazily and atomically).
///
/// Objects read are not re-hashed, as git does not re-hash them: libgit2's default hashes every
/// object it reads, a tenth of a long history walk. Objects written are still hashed, and
/// `git fsck` is the tool for a repository suspected corrupt.
private let libgit2InitResult: Int32 = {
  let result = git_libgit2_init()
  if result >= 0 { _ = paved_git_set_strict_hash_verification(0) }
  return result
}()

/// Makes sure libgit2 is initialised; returns the libgit2 error if it could not be.
func ensureLibgit2() throws(GitError) {
  if libgit2InitResult < 0 {
    throw GitError(kind: .other, message: "libgit2 could not be initialised", code: libgit2InitResult)
  }
}

/// libgit2's object cache, which is one switch for the whole process, turned off while any history
/// walk runs. A walk reads each commit and tree once and keeps what it needs itself; caching them
/// cost more (a locked map insert per object, then freeing ten thousand commits and trees when
/// the repository closed) than it saved. Reads elsewhere keep the cache; objects cached before a
/// walk stay valid (libgit2 drops them on the next cache update).
enum ObjectCacheBypass {
  private static let lock = Lock()
  nonisolated(unsafe) private static var walks = 0

  static func during<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    update(+1)
    defer { update(-1) }
    return try body()
  }

  private static func update(_ change: Int) {
    lock.withLock {
      walks += change
      if walks == (change > 0 ? 1 : 0) { _ = paved_git_set_caching(walks == 0 ? 1 : 0) }
    }
  }
}

/// An open `git_repository`, shared by everything derived from one `Repository`.
///
/// libgit2 objects of one repository must not be used from two threads at once,
/// so every use goes through `withRepository`, which holds a mutex.
final class RepositoryHandle: @unchecked Sendable {
  private let raw: OpaquePointer
  private let lock = Lock()

  /// Opens the repository that contains `path` (searching parent directories).
  init(discoveringFrom path: String) throws(GitError) {
    try ensureLibgit2()
    var repo: OpaquePointer?
    try check(git_repository_open_ext(&repo, path, 0, nil), "cannot open a repository at or above '\(path)'")
    guard let repo else { throw GitError(kind: .other, message: "libgit2 returned no repository") }
    raw = repo
  }

  deinit {
    git_repository_free(raw)
  }

  /// Runs `body` with exclusive access to the `git_repository`.
  func withRepository<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
    try lock.withLock { () throws(E) -> T in try body(raw) }
  }
}

/// A 20-byte (SHA-1) git object id, as a hashable Swift value.
public struct ObjectID: Hashable, Sendable {
  let raw: git_oid

  init(_ raw: git_oid) { self.raw = raw }

  /// Full lowercase hex.
  public var hex: String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(40)
    withUnsafeBytes(of: raw.id) { bytes in
      for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
    var a = lhs.raw
    var b = rhs.raw
    return git_oid_equal(&a, &b) != 0
  }

  public func hash(into hasher: inout Hasher) {
    withUnsafeBytes(of: raw.id) { hasher.combine(bytes: $0) }
  }
}

/// Declares a wrapper owning an opaque libgit2 pointer, freed with `free` in `deinit`.
class OwnedPointer {
  let raw: OpaquePointer
  private let release: (OpaquePointer) -> Void
  fileprivate init(_ raw: OpaquePointer, release: @escaping (OpaquePointer) -> Void) {
    self.raw = raw
    self.release = release
  }
  deinit { release(raw) }
}

/// A `git_object` (any kind), freed with `git_object_free`.
final class OwnedObject: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_object_free($0) } }
}

/// A `git_commit`, freed with `git_commit_free`.
final class OwnedCommit: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_commit_free($0) } }
  var id: ObjectID { ObjectID(git_commit_id(raw).pointee) }
  var treeID: ObjectID { ObjectID(git_commit_tree_id(raw).pointee) }
}

/// A `git_tree`, freed with `git_tree_free`.
final class OwnedTree: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_tree_free($0) } }
}

/// A `git_tree_entry` obtained by path (owned by us), freed with `git_tree_entry_free`.
final class OwnedTreeEntry: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_tree_entry_free($0) } }
}

/// A `git_blob`, freed with `git_blob_free`.
final class OwnedBlob: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_blob_free($0) } }
}

/// A `git_odb`, freed with `git_odb_free`.
final class OwnedOdb: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_odb_free($0) } }
}

/// A `git_treebuilder`, freed with `git_treebuilder_free`.
final class OwnedTreeBuilder: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_treebuilder_free($0) } }
}

/// A `git_reference`, freed with `git_reference_free`.
final class OwnedReference: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_reference_free($0) } }
}

/// A `git_remote`, freed with `git_remote_free`.
final class OwnedRemote: OwnedPointer {
  init(_ raw: OpaquePointer) { super.init(raw) { git_remote_free($0) } }
}

/// A `git_signature` (a plain C struct, allocated by libgit2), freed with `git_signature_free`.
final class OwnedSignature {
  let raw: UnsafeMutablePointer<git_signature>
  init(_ raw: UnsafeMutablePointer<git_signature>) { self.raw = raw }
  deinit { git_signature_free(raw) }
}

/// A `git_buf` filled by libgit2, disposed with `git_buf_dispose`.
final class OwnedBuffer {
  var buf = git_buf()
  init() {}
  deinit { git_buf_dispose(&buf) }
  var string: String {
    guard let ptr = buf.ptr else { return "" }
    return String(cString: ptr)
  }
}

/// Unwraps a pointer a successful libgit2 call must have set.
func produced(_ pointer: OpaquePointer?, _ what: String) throws(GitError) -> OpaquePointer {
  guard let pointer else { throw GitError(kind: .other, message: "libgit2 returned no \(what)") }
  return pointer
}

import CLibGit2
import VirtualFileSystem

/// The files of one commit, read from the object database: a `ReadOnlyFileSystem` over a git tree.
///
/// An immutable snapshot: it holds the commit and tree ids, not a branch name, so it keeps
/// reading the same files however the repository moves. Symlinks are reported as
/// `.symlink` and never followed; submodules (gitlinks) are reported as nothing (`nil`).
public struct GitTreeFileSystem: ReadOnlyFileSystem {
  private let handle: RepositoryHandle
  /// The commit this tree belongs to.
  public let revision: ResolvedRevision

  init(handle: RepositoryHandle, revision: ResolvedRevision) {
    self.handle = handle
    self.revision = revision
  }

  /// "revision 1a2b3c4 (HEAD~1)".
  public var displayName: String { revision.description }

  /// The bytes of the file at `path`; the blob's size is checked against `limit` before it is loaded.
  public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
    let clean = try TreePath.normalize(path)
    if clean.isEmpty { throw .notAFile(path: path) }
    return try handle.withRepository { repo throws(FileSystemError) in
      let tree = try lookupRoot(repo, path: path)
      guard let entry = try entry(tree, clean, path: path) else { throw .notFound(path: path) }
      guard git_tree_entry_type(entry.raw) == GIT_OBJECT_BLOB,
        git_tree_entry_filemode(entry.raw) != GIT_FILEMODE_LINK
      else {
        if git_tree_entry_type(entry.raw) == GIT_OBJECT_COMMIT { throw .notFound(path: path) }
        throw .notAFile(path: path)
      }
      guard let idPointer = git_tree_entry_id(entry.raw) else { throw .io(path: path, message: "entry has no id") }
      var id = idPointer.pointee

      // Size from the object header: the blob itself is not inflated when it is too large.
      var odbPointer: OpaquePointer?
      try io(git_repository_odb(&odbPointer, repo), path)
      guard let odbPointer else { throw .io(path: path, message: "libgit2 returned no object database") }
      let odb = OwnedOdb(odbPointer)
      var size = 0
      var type = GIT_OBJECT_INVALID
      try io(git_odb_read_header(&size, &type, odb.raw, &id), path)
      if size > limit { throw .tooLarge(path: path, size: size, limit: limit) }

      var blobPointer: OpaquePointer?
      try io(git_blob_lookup(&blobPointer, repo, &id), path)
      guard let blobPointer else { throw .io(path: path, message: "libgit2 returned no blob") }
      let blob = OwnedBlob(blobPointer)
      let count = Int(git_blob_rawsize(blob.raw))
      if count > limit { throw .tooLarge(path: path, size: count, limit: limit) }
      guard count > 0, let content = git_blob_rawcontent(blob.raw) else { return [] }
      return Array(UnsafeRawBufferPointer(start: content, count: count))
    }
  }

  /// The id of the blob or tree at `path` in this revision; nil when there is none.
  public func objectID(_ path: String) -> ObjectID? {
    guard let clean = try? TreePath.normalize(path) else { return nil }
    if clean.isEmpty { return revision.treeID }
    return handle.withRepository { repo -> ObjectID? in
      guard let tree = try? lookupRoot(repo, path: path), let entry = try? entry(tree, clean, path: path),
        let id = git_tree_entry_id(entry.raw)
      else { return nil }
      return ObjectID(id.pointee)
    }
  }

  /// `.file`, `.directory` or `.symlink` for what is at `path` in this revision; nil for nothing or a submodule.
  public func entryKind(_ path: String) -> FileEntryKind? {
    guard let clean = try? TreePath.normalize(path) else { return nil }
    if clean.isEmpty { return .directory }
    return handle.withRepository { repo -> FileEntryKind? in
      guard let tree = try? lookupRoot(repo, path: path), let entry = try? entry(tree, clean, path: path) else {
        return nil
      }
      switch git_tree_entry_type(entry.raw) {
      case GIT_OBJECT_TREE: return .directory
      case GIT_OBJECT_BLOB:
        return git_tree_entry_filemode(entry.raw) == GIT_FILEMODE_LINK ? .symlink : .file
      default: return nil
      }
    }
  }

  /// Names of the entries directly under the directory at `path`, sorted (submodules included).
  public func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
    let clean = try TreePath.normalize(path)
    return try handle.withRepository { repo throws(FileSystemError) in
      let root = try lookupRoot(repo, path: path)
      var directory = root
      if !clean.isEmpty {
        guard let entry = try entry(root, clean, path: path) else { throw .notFound(path: path) }
        guard git_tree_entry_type(entry.raw) == GIT_OBJECT_TREE, let idPointer = git_tree_entry_id(entry.raw) else {
          throw .notADirectory(path: path)
        }
        do throws(GitError) {
          directory = try Repository.lookupTree(repo, ObjectID(idPointer.pointee))
        } catch {
          throw .io(path: path, message: error.message)
        }
      }
      let count = git_tree_entrycount(directory.raw)
      var names: [String] = []
      names.reserveCapacity(count)
      for index in 0..<count {
        guard let entry = git_tree_entry_byindex(directory.raw, index), let name = git_tree_entry_name(entry) else {
          continue
        }
        names.append(String(cString: name))
      }
      return names.sorted()
    }
  }

  // MARK: - Helpers (inside the lock)

  private func lookupRoot(_ repo: OpaquePointer, path: String) throws(FileSystemError) -> OwnedTree {
    do throws(GitError) {
      return try Repository.lookupTree(repo, revision.treeID)
    } catch {
      throw .io(path: path, message: error.message)
    }
  }

  /// The entry at `clean` under `tree`, or nil when there is none.
  private func entry(_ tree: OwnedTree, _ clean: String, path: String) throws(FileSystemError) -> OwnedTreeEntry? {
    var raw: OpaquePointer?
    let code = git_tree_entry_bypath(&raw, tree.raw, clean)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try io(code, path)
    guard let raw else { return nil }
    return OwnedTreeEntry(raw)
  }

  private func io(_ code: Int32, _ path: String) throws(FileSystemError) {
    if code == GIT_ENOTFOUND.rawValue { throw .notFound(path: path) }
    if code < 0 { throw .io(path: path, message: GitError.libgit2(code: code).message) }
  }
}

import CLibGit2
import VirtualFileSystem

/// What an incremental commit changed, file by file.
public struct CommitStats: Sendable, Hashable {
  public var created = 0
  public var updated = 0
  public var deleted = 0
  /// Files the changes would have replaced although `mayReplace` refused them (nothing is committed then).
  public var refused: [String] = []

  public init(created: Int = 0, updated: Int = 0, deleted: Int = 0, refused: [String] = []) {
    self.refused = refused
    self.created = created
    self.updated = updated
    self.deleted = deleted
  }
}

/// One file's new content in an incremental commit.
public enum FileChange: Sendable, Equatable {
  /// These bytes (written as a blob unless an identical one is in the tree already).
  case bytes([UInt8])
  /// A blob already in the object database (written by a `BlobWriter`).
  case blob(ObjectID)
  /// The file is removed.
  case delete
}

extension Repository {
  /// Commits the branch tip's tree with `changes` applied (path → new content; a later change of a path wins), without touching the
  /// work tree or index. Only the directories holding a change are rebuilt; every other subtree is
  /// reused by id, and a file whose content is the blob already there is not written again: the cost
  /// follows the change, not the tree. Otherwise like `commit(files:…)`.
  ///
  /// - Parameters:
  ///   - expectedTip: the tip the changes were computed against (nil: the branch must not exist). If
  ///     the branch is elsewhere, nothing is committed (`.conflict`).
  ///   - message: the message, given the new tree (the id of any path in it, e.g. a directory's).
  ///   - counted: which paths the returned stats count.
  ///   - mayReplace: a file of the tip that a change would replace or delete and `mayReplace`
  ///     refuses is listed in `stats.refused`, and nothing is committed.
  public func commit(
    changes: [(String, FileChange)], onto branch: String, expectedTip: String?? = .none, message: (_ idOf: (String) -> ObjectID?) -> String,
    author: GitSignature, committer: GitSignature? = nil,
    counted: @escaping (String) -> Bool = { _ in true }, mayReplace: @escaping (String) -> Bool = { _ in true }
  ) throws(GitError) -> (result: CommitResult, stats: CommitStats) {
    let refName = "refs/heads/\(branch)"
    return try handle.withRepository { repo throws(GitError) in
      var valid: Int32 = 0
      try check(git_reference_name_is_valid(&valid, refName), "cannot check branch name '\(branch)'")
      guard valid != 0, !branch.isEmpty else { throw GitError(kind: .invalidSpec, message: "invalid branch name '\(branch)'") }
      let parent = try Repository.branchTip(repo, refName)
      if case .some(let expected) = expectedTip, parent?.id.hex != expected {
        throw GitError(kind: .conflict, message: "branch '\(branch)' moved while its commit was being prepared")
      }
      var baseTree: OwnedTree?
      if let parent {
        var pointer: OpaquePointer?
        try check(git_commit_tree(&pointer, parent.raw), "cannot read the branch's tree")
        baseTree = OwnedTree(try produced(pointer, "tree"))
      }
      let root = ChangeDirectory(path: "")
      for (path, change) in changes {
        let clean: String
        do throws(FileSystemError) { clean = try TreePath.normalize(path) } catch { throw GitError(kind: .invalidSpec, message: error.message) }
        var parts = clean.split(separator: "/")
        guard let name = parts.popLast() else { throw GitError(kind: .invalidSpec, message: "empty file path '\(path)'") }
        var directory = root
        for part in parts { directory = directory.child(String(part)) }
        directory.files[String(name)] = change
      }
      var writer = IncrementalTreeWriter(repo: repo, counted: counted, mayReplace: mayReplace)
      let written = try writer.write(root, base: baseTree?.raw)
      if !writer.stats.refused.isEmpty {
        return (parent.map { .unchanged(sha: $0.id.hex) } ?? .unchanged(sha: ""), CommitStats(refused: writer.stats.refused.sorted()))
      }
      let treeID: ObjectID
      if let written { treeID = written } else { treeID = try writer.emptyTree() }
      if let parent, parent.treeID == treeID { return (.unchanged(sha: parent.id.hex), CommitStats()) }
      let newTree = try Repository.lookupTree(repo, treeID)
      let text = message { path in
        guard let clean = try? TreePath.normalize(path) else { return nil }
        if clean.isEmpty { return treeID }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, newTree.raw, clean) == 0, let entry else { return nil }
        let owned = OwnedTreeEntry(entry)
        return git_tree_entry_id(owned.raw).map { ObjectID($0.pointee) }
      }
      return (try Repository.createCommit(repo, refName: refName, branch: branch, tree: treeID, parent: parent, message: text, author: author, committer: committer), writer.stats)
    }
  }

  /// Writes a commit of `tree` on `refName`, moving the branch only if it still points at `parent`.
  static func createCommit(
    _ repo: OpaquePointer, refName: String, branch: String, tree treeID: ObjectID, parent: OwnedCommit?, message: String,
    author: GitSignature, committer: GitSignature?
  ) throws(GitError) -> CommitResult {
    var id = treeID.raw
    var treePointer: OpaquePointer?
    try check(git_tree_lookup(&treePointer, repo, &id), "cannot read the new tree")
    let tree = OwnedTree(try produced(treePointer, "tree"))
    let authorSignature = try Repository.signature(author)
    let committerSignature = try Repository.signature(committer ?? author)
    var commitID = git_oid()
    var parents: [OpaquePointer?] = parent.map { [$0.raw] } ?? []
    let count = parents.count
    let code = parents.withUnsafeMutableBufferPointer { buffer in
      git_commit_create(&commitID, repo, nil, authorSignature.raw, committerSignature.raw, nil, message, tree.raw, count, buffer.baseAddress)
    }
    try check(code, "cannot create commit")
    var newRef: OpaquePointer?
    let logMessage = "commit: \(message.split(whereSeparator: \.isNewline).first ?? "")"
    if let parent {
      var expected = parent.id.raw
      try check(git_reference_create_matching(&newRef, repo, refName, &commitID, 1, &expected, logMessage), "branch '\(branch)' moved while committing")
    } else {
      try check(git_reference_create(&newRef, repo, refName, &commitID, 0, logMessage), "cannot create branch '\(branch)'")
    }
    if let newRef { _ = OwnedReference(newRef) }
    return .created(sha: ObjectID(commitID).hex, parent: parent?.id.hex)
  }
}

/// The changed part of a tree: per directory, the files changed and the subdirectories holding changes.
private final class ChangeDirectory {
  /// The directory's path (`""` for the root).
  let path: String
  var files: [String: FileChange] = [:]
  var directories: [String: ChangeDirectory] = [:]

  init(path: String) { self.path = path }

  func child(_ name: String) -> ChangeDirectory {
    if let existing = directories[name] { return existing }
    let made = ChangeDirectory(path: path.isEmpty ? name : path + "/" + name)
    directories[name] = made
    return made
  }

  func fullPath(_ name: String) -> String { path.isEmpty ? name : path + "/" + name }
}

/// Rebuilds only the changed directories of a base tree.
private struct IncrementalTreeWriter {
  let repo: OpaquePointer
  let counted: (String) -> Bool
  let mayReplace: (String) -> Bool
  var stats = CommitStats()

  /// The tree of `base` (nil: none) with `changes` applied; nil when the result is empty.
  mutating func write(_ changes: ChangeDirectory, base: OpaquePointer?) throws(GitError) -> ObjectID? {
    var builderPointer: OpaquePointer?
    try check(git_treebuilder_new(&builderPointer, repo, base), "cannot build a tree")
    let builder = OwnedTreeBuilder(try produced(builderPointer, "tree builder"))
    for (name, change) in changes.files {
      let existing = git_treebuilder_get(builder.raw, name)
      let fullPath = changes.fullPath(name)
      if existing != nil && !mayReplace(fullPath) {
        stats.refused.append(fullPath)
        continue
      }
      var id = git_oid()
      switch change {
      case .delete:
        if existing != nil {
          try check(git_treebuilder_remove(builder.raw, name), "cannot remove '\(name)'")
          if counted(fullPath) { stats.deleted += 1 }
        }
        continue
      case .blob(let blob):
        id = blob.raw
      case .bytes(let bytes):
        // Hashed once: libgit2 writes nothing when the blob is in the database already.
        let code = bytes.withUnsafeBytes { raw in git_blob_create_from_buffer(&id, repo, raw.baseAddress, raw.count) }
        try check(code, "cannot write '\(name)'")
      }
      if let existing, git_tree_entry_type(existing) == GIT_OBJECT_BLOB, git_oid_equal(git_tree_entry_id(existing), &id) != 0 { continue }
      if counted(fullPath) { if existing == nil { stats.created += 1 } else { stats.updated += 1 } }
      try insert(builder, name, &id, GIT_FILEMODE_BLOB)
    }
    for (name, child) in changes.directories {
      var subtree: OwnedTree?
      if let existing = git_treebuilder_get(builder.raw, name), git_tree_entry_type(existing) == GIT_OBJECT_TREE {
        var pointer: OpaquePointer?
        try check(git_tree_lookup(&pointer, repo, git_tree_entry_id(existing)), "cannot read '\(name)'")
        subtree = OwnedTree(try produced(pointer, "tree"))
      }
      if var id = try write(child, base: subtree?.raw)?.raw {
        try insert(builder, name, &id, GIT_FILEMODE_TREE)
      } else if git_treebuilder_get(builder.raw, name) != nil {
        try check(git_treebuilder_remove(builder.raw, name), "cannot remove '\(name)'")
      }
    }
    guard git_treebuilder_entrycount(builder.raw) > 0 else { return nil }
    var id = git_oid()
    try check(git_treebuilder_write(&id, builder.raw), "cannot write a tree")
    return ObjectID(id)
  }

  func emptyTree() throws(GitError) -> ObjectID {
    var builderPointer: OpaquePointer?
    try check(git_treebuilder_new(&builderPointer, repo, nil), "cannot build a tree")
    let builder = OwnedTreeBuilder(try produced(builderPointer, "tree builder"))
    var id = git_oid()
    try check(git_treebuilder_write(&id, builder.raw), "cannot write a tree")
    return ObjectID(id)
  }

  private func insert(_ builder: OwnedTreeBuilder, _ name: String, _ id: inout git_oid, _ mode: git_filemode_t) throws(GitError) {
    let code = git_treebuilder_insert(nil, builder.raw, name, &id, mode)
    if code < 0 {
      let error = GitError.libgit2(code: code, context: "invalid name '\(name)' in a tree")
      throw GitError(kind: .invalidSpec, message: error.message, code: error.code, errorClass: error.errorClass)
    }
  }
}

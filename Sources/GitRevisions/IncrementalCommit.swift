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
  /// Commits the branch tip's tree with `changes` applied to the files under `directory` (paths relative
  /// to it; of two changes to one path the later wins), without touching the work tree or index. Only
  /// the directories holding a change are rebuilt, every other subtree is reused by id, and a file
  /// whose content is the blob already there is not written again: the cost follows the change, not
  /// the tree. The changes are taken in path order (sorted here when they are not), so a directory's
  /// changes are one run and no path is split into a dictionary of directories.
  ///
  /// - Parameters:
  ///   - expectedTip: the tip the changes were computed against (`.some(nil)`: the branch must not
  ///     exist). If the branch is elsewhere, nothing is committed (`.conflict`).
  ///   - message: the message, given the new tree (the id of any path in it, from the repository's root).
  ///   - counted: which changed paths (as given) the returned stats count.
  ///   - mayReplace: a file of the tip that a change would replace or delete and `mayReplace` refuses
  ///     (path as given) is listed in `stats.refused`, and nothing is committed.
  public func commit(
    changes: [(String, FileChange)], under directory: String = "", onto branch: String, expectedTip: String?? = .none,
    message: (_ idOf: (String) -> ObjectID?) -> String, author: GitSignature, committer: GitSignature? = nil,
    counted: @escaping (String) -> Bool = { _ in true }, mayReplace: @escaping (String) -> Bool = { _ in true }
  ) throws(GitError) -> (result: CommitResult, stats: CommitStats) {
    let refName = "refs/heads/\(branch)"
    let top: [String]
    do throws(FileSystemError) { top = try TreePath.normalize(directory).split(separator: "/").map(String.init) } catch {
      throw GitError(kind: .invalidSpec, message: error.message)
    }
    let sorted = Self.inPathOrder(changes)
    return try handle.withRepository { repo throws(GitError) in
      var valid: Int32 = 0
      try check(git_reference_name_is_valid(&valid, refName), "cannot check branch name '\(branch)'")
      guard valid != 0, !branch.isEmpty else { throw GitError(kind: .invalidSpec, message: "invalid branch name '\(branch)'") }
      let parent = try Repository.branchTip(repo, refName)
      if case .some(let expected) = expectedTip, parent?.id.hex != expected {
        throw GitError(kind: .conflict, message: "branch '\(branch)' moved while its commit was being prepared")
      }
      // The tip's trees from the root down to `directory`.
      var bases: [OwnedTree?] = []
      if let parent {
        var pointer: OpaquePointer?
        try check(git_commit_tree(&pointer, parent.raw), "cannot read the branch's tree")
        bases.append(OwnedTree(try produced(pointer, "tree")))
      } else {
        bases.append(nil)
      }
      var innermost = bases[bases.count - 1]
      for name in top {
        innermost = try Self.subtree(repo, innermost, name)
        bases.append(innermost)
      }
      var writer = IncrementalTreeWriter(repo: repo, changes: sorted, counted: counted, mayReplace: mayReplace)
      var written = try writer.write(sorted.indices, offset: 0, base: innermost?.raw)
      if !writer.stats.refused.isEmpty {
        return (parent.map { .unchanged(sha: $0.id.hex) } ?? .unchanged(sha: ""), CommitStats(refused: writer.stats.refused.sorted()))
      }
      // Back up to the root: each ancestor is its tip tree with the one entry replaced.
      for (depth, name) in top.enumerated().reversed() {
        written = try writer.replace(name, with: written, in: bases[depth]?.raw)
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
      return (
        try Repository.createCommit(
          repo, refName: refName, branch: branch, tree: treeID, parent: parent, message: text, author: author, committer: committer), writer.stats
      )
    }
  }

  /// `changes` sorted by the bytes of their paths, the later of two changes to one path kept.
  static func inPathOrder(_ changes: [(String, FileChange)]) -> [(String, FileChange)] {
    if changes.indices.dropFirst().allSatisfy({ changes[$0 - 1].0.utf8.lexicographicallyPrecedes(changes[$0].0.utf8) }) { return changes }
    let order = changes.indices.sorted { a, b in
      let l = changes[a].0.utf8
      let r = changes[b].0.utf8
      return l.lexicographicallyPrecedes(r) || (l.elementsEqual(r) && a < b)
    }
    var out: [(String, FileChange)] = []
    out.reserveCapacity(changes.count)
    for i in order {
      if let last = out.last, last.0 == changes[i].0 { out[out.count - 1] = changes[i] } else { out.append(changes[i]) }
    }
    return out
  }

  /// The subtree `name` of `tree`, nil when there is none (or it is not a directory).
  static func subtree(_ repo: OpaquePointer, _ tree: OwnedTree?, _ name: String) throws(GitError) -> OwnedTree? {
    guard let tree, let entry = git_tree_entry_byname(tree.raw, name), git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
    var pointer: OpaquePointer?
    try check(git_tree_lookup(&pointer, repo, git_tree_entry_id(entry)), "cannot read '\(name)'")
    return OwnedTree(try produced(pointer, "tree"))
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
      try check(
        git_reference_create_matching(&newRef, repo, refName, &commitID, 1, &expected, logMessage), "branch '\(branch)' moved while committing")
    } else {
      try check(git_reference_create(&newRef, repo, refName, &commitID, 0, logMessage), "cannot create branch '\(branch)'")
    }
    if let newRef { _ = OwnedReference(newRef) }
    return .created(sha: ObjectID(commitID).hex, parent: parent?.id.hex)
  }
}

/// Rebuilds only the changed directories of a base tree, from changes in path order.
struct IncrementalTreeWriter {
  let repo: OpaquePointer
  let changes: [(String, FileChange)]
  let counted: (String) -> Bool
  let mayReplace: (String) -> Bool
  var stats = CommitStats()

  init(repo: OpaquePointer, changes: [(String, FileChange)], counted: @escaping (String) -> Bool, mayReplace: @escaping (String) -> Bool) {
    self.repo = repo
    self.changes = changes
    self.counted = counted
    self.mayReplace = mayReplace
  }

  /// The tree of `base` (nil: none) with `changes[range]` applied, where each of those paths continues,
  /// from byte `offset`, inside this directory; nil when the result is empty.
  mutating func write(_ range: Range<Int>, offset: Int, base: OpaquePointer?) throws(GitError) -> ObjectID? {
    var builderPointer: OpaquePointer?
    try check(git_treebuilder_new(&builderPointer, repo, base), "cannot build a tree")
    let builder = OwnedTreeBuilder(try produced(builderPointer, "tree builder"))
    var i = range.lowerBound
    while i < range.upperBound {
      let path = changes[i].0
      let rest = path.utf8.dropFirst(offset)
      guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else {
        try apply(changes[i].1, name: String(rest) ?? "", path: path, builder)
        i += 1
        continue
      }
      // A directory: every change whose path continues with the same `name/` (one run, in path order).
      let component = rest[...slash]
      var end = i + 1
      while end < range.upperBound && changes[end].0.utf8.dropFirst(offset).starts(with: component) { end += 1 }
      let name = String(rest[..<slash]) ?? ""
      guard !name.isEmpty else { throw GitError(kind: .invalidSpec, message: "empty directory name in '\(path)'") }
      var subtree: OwnedTree?
      if let existing = git_treebuilder_get(builder.raw, name), git_tree_entry_type(existing) == GIT_OBJECT_TREE {
        var pointer: OpaquePointer?
        try check(git_tree_lookup(&pointer, repo, git_tree_entry_id(existing)), "cannot read '\(name)'")
        subtree = OwnedTree(try produced(pointer, "tree"))
      }
      let id = try write(i..<end, offset: offset + component.count, base: subtree?.raw)
      try set(name, to: id, in: builder)
      i = end
    }
    guard git_treebuilder_entrycount(builder.raw) > 0 else { return nil }
    var id = git_oid()
    try check(git_treebuilder_write(&id, builder.raw), "cannot write a tree")
    return ObjectID(id)
  }

  /// `base` with its entry `name` set to the tree `id` (removed when nil); nil when the result is empty.
  func replace(_ name: String, with id: ObjectID?, in base: OpaquePointer?) throws(GitError) -> ObjectID? {
    var builderPointer: OpaquePointer?
    try check(git_treebuilder_new(&builderPointer, repo, base), "cannot build a tree")
    let builder = OwnedTreeBuilder(try produced(builderPointer, "tree builder"))
    try set(name, to: id, in: builder)
    guard git_treebuilder_entrycount(builder.raw) > 0 else { return nil }
    var out = git_oid()
    try check(git_treebuilder_write(&out, builder.raw), "cannot write a tree")
    return ObjectID(out)
  }

  private func set(_ name: String, to id: ObjectID?, in builder: OwnedTreeBuilder) throws(GitError) {
    if var raw = id?.raw {
      try insert(builder, name, &raw, GIT_FILEMODE_TREE)
    } else if git_treebuilder_get(builder.raw, name) != nil {
      try check(git_treebuilder_remove(builder.raw, name), "cannot remove '\(name)'")
    }
  }

  /// One file's change in the directory being built.
  private mutating func apply(_ change: FileChange, name: String, path: String, _ builder: OwnedTreeBuilder) throws(GitError) {
    guard !name.isEmpty else { throw GitError(kind: .invalidSpec, message: "empty file name in '\(path)'") }
    let existing = git_treebuilder_get(builder.raw, name)
    if existing != nil && !mayReplace(path) {
      stats.refused.append(path)
      return
    }
    var id = git_oid()
    switch change {
    case .delete:
      if existing != nil {
        try check(git_treebuilder_remove(builder.raw, name), "cannot remove '\(name)'")
        if counted(path) { stats.deleted += 1 }
      }
      return
    case .blob(let blob):
      id = blob.raw
    case .bytes(let bytes):
      // Hashed once: libgit2 writes nothing when the blob is in the database already.
      let code = bytes.withUnsafeBytes { raw in git_blob_create_from_buffer(&id, repo, raw.baseAddress, raw.count) }
      try check(code, "cannot write '\(name)'")
    }
    if let existing, git_tree_entry_type(existing) == GIT_OBJECT_BLOB, git_oid_equal(git_tree_entry_id(existing), &id) != 0 { return }
    if counted(path) { if existing == nil { stats.created += 1 } else { stats.updated += 1 } }
    try insert(builder, name, &id, GIT_FILEMODE_BLOB)
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

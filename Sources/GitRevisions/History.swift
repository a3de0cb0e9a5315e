import CLibGit2

/// A point in time as git records it: seconds since the Unix epoch plus the author's UTC offset.
public struct GitTime: Sendable, Hashable, Comparable {
  /// Seconds since 1970-01-01T00:00:00Z.
  public let secondsSince1970: Int64
  /// The recorded time zone, in minutes east of UTC.
  public let offsetMinutes: Int

  /// Creates a time.
  public init(secondsSince1970: Int64, offsetMinutes: Int = 0) {
    self.secondsSince1970 = secondsSince1970
    self.offsetMinutes = offsetMinutes
  }

  public static func < (lhs: GitTime, rhs: GitTime) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }
}

/// One commit as shown in a file's history.
public struct CommitInfo: Sendable, Hashable {
  /// Full hex SHA.
  public let sha: String
  /// Author name.
  public let authorName: String
  /// Author e-mail.
  public let authorEmail: String
  /// When the author made the change.
  public let time: GitTime
  /// First paragraph of the message, on one line.
  public let summary: String
  /// Full hex SHAs of the parents, first parent first.
  public let parents: [String]
  /// When the commit was made (for a merge or a rebase: when the change landed on its branch).
  public let committed: GitTime

  /// First 7 characters of `sha`.
  public var shortSHA: String { String(sha.prefix(7)) }

  init(_ commit: OwnedCommit) {
    sha = commit.id.hex
    let author = git_commit_author(commit.raw)
    authorName = author.flatMap { $0.pointee.name.map { String(cString: $0) } } ?? ""
    authorEmail = author.flatMap { $0.pointee.email.map { String(cString: $0) } } ?? ""
    if let author {
      time = GitTime(secondsSince1970: author.pointee.when.time, offsetMinutes: Int(author.pointee.when.offset))
    } else {
      time = GitTime(secondsSince1970: git_commit_time(commit.raw))
    }
    summary = git_commit_summary(commit.raw).map { String(cString: $0) } ?? ""
    if let committer = git_commit_committer(commit.raw) {
      committed = GitTime(secondsSince1970: committer.pointee.when.time, offsetMinutes: Int(committer.pointee.when.offset))
    } else {
      committed = GitTime(secondsSince1970: git_commit_time(commit.raw))
    }
    parents = (0..<git_commit_parentcount(commit.raw)).compactMap { index in
      git_commit_parent_id(commit.raw, index).map { ObjectID($0.pointee).hex }
    }
  }
}

extension Repository {
  /// Commits reachable from `revision` in which `path` (a file or a directory) changed, newest first
  /// (by commit time, as `git log` orders them).
  ///
  /// A commit counts when the tree entry at `path` (its blob or tree id, or its absence) differs
  /// from that in its parent; a merge counts only when it differs from every parent (git's
  /// "TREESAME" rule), so a change brought in by a merge is listed once, at the commit that made it.
  /// No diffs are computed: only the tree entries along `path` are read, and commits whose root
  /// tree equals their parent's are skipped outright.
  ///
  /// - Parameters:
  ///   - path: a `/`-separated path relative to the repository root; `""` is the whole tree.
  ///   - revision: where to start walking (default `HEAD`).
  ///   - limit: at most this many commits are returned.
  ///   - firstParentOnly: follow only first parents (like `git log --first-parent`).
  public func history(
    of path: String, from revision: String = "HEAD", limit: Int = 100, firstParentOnly: Bool = false
  ) throws(GitError) -> [CommitInfo] {
    let clean = try Repository.normalizedTreePath(path)
    guard limit > 0 else { return [] }
    return try handle.withRepository { repo throws(GitError) in
      let start = try Repository.resolveCommit(repo, revision)
      var walk = RevisionWalk(repo: repo, start: start, firstParentOnly: firstParentOnly)
      var lookup = EntryLookup(repo: repo, path: clean)
      var result: [CommitInfo] = []
      while result.count < limit, let commit = try walk.next() {
        if try lookup.changed(commit, firstParentOnly: firstParentOnly) {
          result.append(CommitInfo(commit))
        }
      }
      return result
    }
  }

  /// Visits the commits reachable from `revision` that changed the file at `path`, newest first, by
  /// the same rule as `history(of:)`, each with the file's bytes as that commit left them (nil when
  /// it deleted the file; at most `limit` bytes, else nil). Stops when `visit` returns false, so a
  /// caller looking for where a value was set reads only the versions it needs.
  public func changes(
    of path: String, from revision: String = "HEAD", firstParentOnly: Bool = false, limit: Int = 1 << 20,
    _ visit: (CommitInfo, [UInt8]?) -> Bool
  ) throws(GitError) {
    try changedBlobs(of: path, from: revision, firstParentOnly: firstParentOnly) { commit, blob, repo in
      visit(CommitInfo(commit), blob.flatMap { Repository.blobBytes(repo, $0, limit: limit) })
    }
  }

  /// The same walk, giving each changing commit's id with the id of the file's blob there (nil when
  /// the commit deleted it), without reading it: callers may read the blobs elsewhere
  /// (`blob(_:limit:)`, on other handles, in parallel), and describe only the commits they keep
  /// (`commit(_:)`).
  public func changedBlobs(
    of path: String, from revision: String = "HEAD", firstParentOnly: Bool = false, _ visit: (ObjectID, ObjectID?) -> Bool
  ) throws(GitError) {
    try changedBlobs(of: path, from: revision, firstParentOnly: firstParentOnly) { commit, blob, _ in visit(commit.id, blob) }
  }

  /// The commit `id`, described.
  public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
    try handle.withRepository { repo throws(GitError) in CommitInfo(try Repository.lookupCommit(repo, id)) }
  }

  private func changedBlobs(
    of path: String, from revision: String, firstParentOnly: Bool, _ visit: (OwnedCommit, ObjectID?, OpaquePointer) -> Bool
  ) throws(GitError) {
    let clean = try Repository.normalizedTreePath(path)
    try ObjectCacheBypass.during { () throws(GitError) in
      try walkChanges(of: clean, from: revision, firstParentOnly: firstParentOnly, visit)
    }
  }

  private func walkChanges(
    of clean: String, from revision: String, firstParentOnly: Bool, _ visit: (OwnedCommit, ObjectID?, OpaquePointer) -> Bool
  ) throws(GitError) {
    try handle.withRepository { repo throws(GitError) in
      let start = try Repository.resolveCommit(repo, revision)
      var walk = RevisionWalk(repo: repo, start: start, firstParentOnly: firstParentOnly)
      var lookup = EntryLookup(repo: repo, path: clean)
      while let commit = try walk.next() {
        let change = try lookup.change(commit, firstParentOnly: firstParentOnly)
        guard change.changed else { continue }
        if !visit(commit, change.blob, repo) { return }
      }
    }
  }

  /// The bytes of the blob `id` (nil when there is none, or it is over `limit` bytes).
  public func blob(_ id: ObjectID, limit: Int = 1 << 20) -> [UInt8]? {
    handle.withRepository { repo in Repository.blobBytes(repo, id, limit: limit) }
  }

  static func blobBytes(_ repo: OpaquePointer, _ id: ObjectID, limit: Int) -> [UInt8]? {
    var raw: OpaquePointer?
    var oid = id.raw
    guard git_blob_lookup(&raw, repo, &oid) == 0, let raw else { return nil }
    let blob = OwnedBlob(raw)
    let count = Int(git_blob_rawsize(blob.raw))
    guard count <= limit else { return nil }
    return count > 0 ? git_blob_rawcontent(blob.raw).map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? [] : []
  }

  /// Validates and normalises a tree path (no `..`, no leading `/`).
  static func normalizedTreePath(_ path: String) throws(GitError) -> String {
    if path.hasPrefix("/") || path.utf8.contains(0) {
      throw GitError(kind: .invalidSpec, message: "invalid path '\(path)'")
    }
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == ".." { throw GitError(kind: .invalidSpec, message: "invalid path '\(path)': '..' is not allowed") }
      parts.append(part)
    }
    return parts.joined(separator: "/")
  }
}

/// What identifies a tree entry's content: its object id and its mode (file, executable, symlink, tree).
private struct EntryKey: Hashable {
  let id: ObjectID
  let mode: UInt32
}

/// Finds the id of the entry at one path in commits' trees, remembering recent answers
/// (in a walk, a commit's parent is usually the next commit visited).
private struct EntryLookup {
  let repo: OpaquePointer
  let path: String
  /// commit id → (root tree id, entry id at `path` or nil when absent).
  private var cache: [ObjectID: (tree: ObjectID, entry: EntryKey?)] = [:]

  init(repo: OpaquePointer, path: String) {
    self.repo = repo
    self.path = path
  }

  /// True when `commit` changed `path` relative to its parents.
  mutating func changed(_ commit: OwnedCommit, firstParentOnly: Bool) throws(GitError) -> Bool {
    try change(commit, firstParentOnly: firstParentOnly).changed
  }

  /// Whether `commit` changed `path` relative to its parents, and the blob at `path` in `commit`
  /// when it is a file there.
  mutating func change(_ commit: OwnedCommit, firstParentOnly: Bool) throws(GitError) -> (changed: Bool, blob: ObjectID?) {
    let mine = try entry(of: commit.id, tree: commit.treeID)
    cache[commit.id] = nil
    let blob = mine.entry.flatMap { $0.mode & 0o170000 == 0o100000 ? $0.id : nil }
    let parentCount = firstParentOnly ? min(1, Int(git_commit_parentcount(commit.raw))) : Int(git_commit_parentcount(commit.raw))
    if parentCount == 0 { return (mine.entry != nil, blob) }
    for index in 0..<parentCount {
      guard let parentID = git_commit_parent_id(commit.raw, UInt32(index)) else { continue }
      let id = ObjectID(parentID.pointee)
      let theirs: (tree: ObjectID, entry: EntryKey?)
      if let cached = cache[id] {
        theirs = cached
      } else {
        let parent = try Repository.lookupCommit(repo, id)
        theirs = try entry(of: id, tree: parent.treeID)
        if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
        cache[id] = theirs
      }
      if theirs.tree == mine.tree || theirs.entry == mine.entry { return (false, blob) }
    }
    return (true, blob)
  }

  private func entry(of commit: ObjectID, tree treeID: ObjectID) throws(GitError) -> (tree: ObjectID, entry: EntryKey?) {
    if let cached = cache[commit] { return cached }
    if path.isEmpty { return (treeID, EntryKey(id: treeID, mode: 0o040000)) }
    let tree = try Repository.lookupTree(repo, treeID)
    var raw: OpaquePointer?
    let code = git_tree_entry_bypath(&raw, tree.raw, path)
    if code == GIT_ENOTFOUND.rawValue { return (treeID, nil) }
    try check(code, "cannot read '\(path)' in tree \(treeID.hex)")
    let entry = OwnedTreeEntry(try produced(raw, "tree entry"))
    guard let id = git_tree_entry_id(entry.raw) else { return (treeID, nil) }
    return (treeID, EntryKey(id: ObjectID(id.pointee), mode: git_tree_entry_filemode(entry.raw).rawValue))
  }
}

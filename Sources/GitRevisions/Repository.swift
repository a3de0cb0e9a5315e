import CLibGit2

/// A git repository, opened through libgit2: the one entry point of this module.
///
/// A `Repository` is `Sendable`: all libgit2 access to it is serialised by an internal lock.
/// Nothing here checks out files or touches the work tree; revisions are read straight
/// from the object database.
public final class Repository: Sendable {
  let handle: RepositoryHandle

  /// The `.git` directory (or the repository itself, when bare), with a trailing slash.
  public let gitDirectory: String
  /// The work tree, with a trailing slash, or nil for a bare repository.
  public let workingDirectory: String?

  /// Opens the repository containing `path`, searching `path` and then its parents (like `git` does).
  ///
  /// Throws `GitError` of kind `.notFound` when no repository contains `path`.
  public init(discoveringFrom path: String) throws(GitError) {
    let handle = try RepositoryHandle(discoveringFrom: path)
    self.handle = handle
    (gitDirectory, workingDirectory) = handle.withRepository { repo in
      let git = git_repository_path(repo).map { String(cString: $0) } ?? path
      let work = git_repository_workdir(repo).map { String(cString: $0) }
      return (git, work)
    }
  }

  /// Resolves a revision (`HEAD`, `HEAD~1`, `origin/main`, a full or short SHA, a tag, `main@{1}`…) to a commit.
  ///
  /// Tags and other objects are peeled to the commit they point at. Errors: `.notFound` for an
  /// unknown revision, `.ambiguous` for a short SHA matching several objects, `.invalidSpec`
  /// for a malformed spec or one that names something that is not a commit (e.g. a blob).
  public func resolve(_ revision: String) throws(GitError) -> ResolvedRevision {
    try handle.withRepository { repo throws(GitError) in
      let commit = try Repository.resolveCommit(repo, revision)
      return ResolvedRevision(commit: commit, spec: revision)
    }
  }

  /// The tree of files at `revision`, read from the object database without a checkout.
  ///
  /// The result is an immutable snapshot of that commit: moving branches later does not change it.
  public func fileTree(at revision: String) throws(GitError) -> GitTreeFileSystem {
    let resolved = try resolve(revision)
    return GitTreeFileSystem(handle: handle, revision: resolved)
  }

  /// The tree of files of an already resolved revision.
  public func fileTree(of revision: ResolvedRevision) -> GitTreeFileSystem {
    GitTreeFileSystem(handle: handle, revision: revision)
  }

  /// The current branch name (e.g. `main`), or nil when HEAD is detached or the repository has no HEAD.
  public var currentBranch: String? {
    handle.withRepository { repo in
      var head: OpaquePointer?
      guard git_repository_head(&head, repo) == 0, let head else { return nil }
      let owned = OwnedReference(head)
      guard git_reference_is_branch(owned.raw) != 0, let name = git_reference_shorthand(owned.raw) else {
        return nil
      }
      return String(cString: name)
    }
  }

  /// The full message of the commit `revision` names; nil when it names none.
  public func message(of revision: String) -> String? {
    handle.withRepository { repo in
      guard let commit = try? Repository.resolveCommit(repo, revision), let raw = git_commit_message(commit.raw) else { return nil }
      return String(cString: raw)
    }
  }

  /// A string from git's configuration (repository, global and system, as git reads them), e.g.
  /// `user.name`; nil when unset.
  public func configString(_ key: String) -> String? {
    handle.withRepository { repo in
      var config: OpaquePointer?
      guard git_repository_config_snapshot(&config, repo) == 0, let config else { return nil }
      defer { git_config_free(config) }
      var value: UnsafePointer<CChar>?
      guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
      return String(cString: value)
    }
  }

  // MARK: - Helpers shared by the other files (call only inside `withRepository`)

  /// `git_revparse_single` + peel to a commit.
  static func resolveCommit(_ repo: OpaquePointer, _ spec: String) throws(GitError) -> OwnedCommit {
    guard !spec.isEmpty, !spec.utf8.contains(0) else {
      throw GitError(kind: .invalidSpec, message: "invalid revision '\(spec)'")
    }
    var object: OpaquePointer?
    try check(git_revparse_single(&object, repo, spec), "cannot resolve revision '\(spec)'")
    let owned = OwnedObject(try produced(object, "object"))
    var peeled: OpaquePointer?
    let code = git_object_peel(&peeled, owned.raw, GIT_OBJECT_COMMIT)
    if code < 0 {
      let error = GitError.libgit2(code: code, context: "revision '\(spec)' is not a commit")
      let kind: GitError.Kind = error.kind == .other || error.kind == .notFound ? .invalidSpec : error.kind
      throw GitError(kind: kind, message: error.message, code: error.code, errorClass: error.errorClass)
    }
    // A peeled commit is a git_object*; git_commit* is the same pointer type in libgit2.
    return OwnedCommit(try produced(peeled, "commit"))
  }

  /// Looks up a commit by id.
  static func lookupCommit(_ repo: OpaquePointer, _ id: ObjectID) throws(GitError) -> OwnedCommit {
    var raw = id.raw
    var commit: OpaquePointer?
    try check(git_commit_lookup(&commit, repo, &raw), "cannot read commit \(id.hex)")
    return OwnedCommit(try produced(commit, "commit"))
  }

  /// Looks up a tree by id.
  static func lookupTree(_ repo: OpaquePointer, _ id: ObjectID) throws(GitError) -> OwnedTree {
    var raw = id.raw
    var tree: OpaquePointer?
    try check(git_tree_lookup(&tree, repo, &raw), "cannot read tree \(id.hex)")
    return OwnedTree(try produced(tree, "tree"))
  }

  /// The abbreviated hex of a commit's id (7 characters, like `git log --oneline` on a small repository).
  static func shortHex(_ id: ObjectID) -> String { String(id.hex.prefix(7)) }
}

/// A revision resolved to one commit: an immutable value.
public struct ResolvedRevision: Sendable, Hashable, CustomStringConvertible {
  /// Full 40-character hex SHA of the commit.
  public let sha: String
  /// First 7 characters of `sha`.
  public var shortSHA: String { String(sha.prefix(7)) }
  /// The spec it was resolved from (e.g. `HEAD~1`).
  public let spec: String
  /// Full hex SHA of the commit's root tree.
  public let treeSHA: String
  /// When the commit was made (its committer date).
  public let committed: GitTime

  let commitID: ObjectID
  let treeID: ObjectID

  init(commit: OwnedCommit, spec: String) {
    commitID = commit.id
    treeID = commit.treeID
    sha = commitID.hex
    treeSHA = treeID.hex
    let committer = git_commit_committer(commit.raw)
    committed =
      committer.map { GitTime(secondsSince1970: $0.pointee.when.time, offsetMinutes: Int($0.pointee.when.offset)) }
      ?? GitTime(secondsSince1970: git_commit_time(commit.raw))
    self.spec = spec
  }

  /// "revision 1a2b3c4 (HEAD~1)", or "revision 1a2b3c4" when the spec is the SHA itself.
  public var description: String {
    if spec.isEmpty || sha.hasPrefix(spec.lowercased()) { return "revision \(shortSHA)" }
    return "revision \(shortSHA) (\(spec))"
  }

  public static func == (lhs: ResolvedRevision, rhs: ResolvedRevision) -> Bool {
    lhs.sha == rhs.sha && lhs.spec == rhs.spec
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(sha)
    hasher.combine(spec)
  }
}

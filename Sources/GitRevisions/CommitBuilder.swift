import CLibGit2
import VirtualFileSystem

/// Who made a commit, and when.
public struct GitSignature: Sendable, Hashable {
  /// Display name (e.g. "Paved CI").
  public let name: String
  /// E-mail address.
  public let email: String
  /// When; nil means now.
  public let time: GitTime?

  /// Creates a signature; `time` nil means the moment of the commit.
  public init(name: String, email: String, time: GitTime? = nil) {
    self.name = name
    self.email = email
    self.time = time
  }
}

/// A commit message: a summary line, an optional body and trailers (`Key: value` lines at the end).
public struct CommitMessage: Sendable, Hashable {
  /// The first line.
  public var summary: String
  /// Paragraphs after the summary; may be empty.
  public var body: String
  /// Trailers such as `("Paved-Plan", "sha256:…")`, kept in order.
  public var trailers: [Trailer]

  /// One `Key: value` trailer.
  public struct Trailer: Sendable, Hashable {
    public let key: String
    public let value: String
    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  /// Creates a message.
  public init(summary: String, body: String = "", trailers: [Trailer] = []) {
    self.summary = summary
    self.body = body
    self.trailers = trailers
  }

  /// The text git stores: summary, blank line, body, blank line, trailers; ending in a newline.
  public var text: String {
    var parts = [summary.split(whereSeparator: \.isNewline).joined(separator: " ")]
    let trimmedBody = body.trimmingNewlines()
    if !trimmedBody.isEmpty { parts.append(trimmedBody) }
    if !trailers.isEmpty {
      parts.append(
        trailers.map { "\($0.key): \($0.value.split(whereSeparator: \.isNewline).joined(separator: " "))" }
          .joined(separator: "\n"))
    }
    return parts.joined(separator: "\n\n") + "\n"
  }
}

/// What `Repository.commit` did.
public enum CommitResult: Sendable, Hashable {
  /// A new commit was made and the branch now points at it; `parent` is the previous tip, nil for a new branch.
  case created(sha: String, parent: String?)
  /// Nothing was committed: the tree equals the branch tip's tree, which is `sha`.
  case unchanged(sha: String)

  /// The SHA the branch points at afterwards.
  public var sha: String {
    switch self {
    case .created(let sha, _), .unchanged(let sha): return sha
    }
  }
}

extension Repository {
  /// Commits exactly `files` (the whole tree: path → bytes) on `branch`, without touching the work tree or index.
  ///
  /// The branch is created when absent (a root commit); otherwise its tip is the parent, and the
  /// branch is moved only if it still points there (`.conflict` if it moved meanwhile). When the new
  /// tree equals the tip's tree, nothing is committed and `.unchanged` is returned.
  /// Paths are `/`-separated and relative; every file gets mode 100644.
  /// Committing to the branch checked out in a work tree leaves that work tree as it was (like a push would).
  public func commit(
    files: [String: [UInt8]], toBranch branch: String, message: String,
    author: GitSignature, committer: GitSignature? = nil
  ) throws(GitError) -> CommitResult {
    // Every path once, and none both a file and a directory; then the tree is built as an incremental
    // commit's is, from nothing.
    var changes: [(String, FileChange)] = []
    var seen = Set<String>()
    for (path, bytes) in files {
      let clean: String
      do throws(FileSystemError) { clean = try TreePath.normalize(path) } catch { throw GitError(kind: .invalidSpec, message: error.message) }
      guard !clean.isEmpty else { throw GitError(kind: .invalidSpec, message: "empty file path '\(path)'") }
      guard seen.insert(clean).inserted else { throw GitError(kind: .invalidSpec, message: "'\(path)' is given twice") }
      changes.append((clean, .bytes(bytes)))
    }
    for path in seen {
      var parent = Substring(path)
      while let slash = parent.lastIndex(of: "/") {
        parent = parent[..<slash]
        if seen.contains(String(parent)) { throw GitError(kind: .invalidSpec, message: "'\(path)': a parent is also a file") }
      }
    }
    let refName = "refs/heads/\(branch)"
    return try handle.withRepository { repo throws(GitError) in
      var valid: Int32 = 0
      try check(git_reference_name_is_valid(&valid, refName), "cannot check branch name '\(branch)'")
      guard valid != 0, !branch.isEmpty else {
        throw GitError(kind: .invalidSpec, message: "invalid branch name '\(branch)'")
      }
      let parent = try Repository.branchTip(repo, refName)
      let sorted = Repository.inPathOrder(changes)
      var writer = IncrementalTreeWriter(repo: repo, changes: sorted, counted: { _ in true }, mayReplace: { _ in true })
      let written = try writer.write(sorted.indices, offset: 0, base: nil)
      let treeID: ObjectID
      if let written { treeID = written } else { treeID = try writer.emptyTree() }
      if let parent, parent.treeID == treeID {
        return .unchanged(sha: parent.id.hex)
      }
      return try Repository.createCommit(
        repo, refName: refName, branch: branch, tree: treeID, parent: parent, message: message, author: author, committer: committer)
    }
  }

  /// The commit a branch points at, or nil when the branch does not exist.
  static func branchTip(_ repo: OpaquePointer, _ refName: String) throws(GitError) -> OwnedCommit? {
    var refPointer: OpaquePointer?
    let code = git_reference_lookup(&refPointer, repo, refName)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try check(code, "cannot read '\(refName)'")
    let ref = OwnedReference(try produced(refPointer, "reference"))
    var peeled: OpaquePointer?
    try check(git_reference_peel(&peeled, ref.raw, GIT_OBJECT_COMMIT), "'\(refName)' does not point at a commit")
    return OwnedCommit(try produced(peeled, "commit"))
  }

  static func signature(_ value: GitSignature) throws(GitError) -> OwnedSignature {
    var raw: UnsafeMutablePointer<git_signature>?
    if let time = value.time {
      try check(
        git_signature_new(&raw, value.name, value.email, time.secondsSince1970, Int32(time.offsetMinutes)),
        "invalid signature")
    } else {
      try check(git_signature_now(&raw, value.name, value.email), "invalid signature")
    }
    guard let raw else { throw GitError(kind: .other, message: "libgit2 returned no signature") }
    return OwnedSignature(raw)
  }
}

extension String {
  fileprivate func trimmingNewlines() -> String {
    var view = Substring(self)
    while let first = view.first, first.isNewline { view = view.dropFirst() }
    while let last = view.last, last.isNewline || last == " " { view = view.dropLast() }
    return String(view)
  }
}

extension Repository {
  /// Points branch `branch` at the commit `sha` (creating it, or moving it wherever it was), when it
  /// still points at `expected` (`.some(nil)`: must not exist); `.conflict` otherwise.
  public func setBranch(_ branch: String, to sha: String, expected: String??) throws(GitError) {
    let refName = "refs/heads/\(branch)"
    try handle.withRepository { repo throws(GitError) in
      var valid: Int32 = 0
      try check(git_reference_name_is_valid(&valid, refName), "cannot check branch name '\(branch)'")
      guard valid != 0 else { throw GitError(kind: .invalidSpec, message: "invalid branch name '\(branch)'") }
      let tip = try Repository.branchTip(repo, refName)
      if case .some(let wanted) = expected, tip?.id.hex != wanted {
        throw GitError(kind: .conflict, message: "branch '\(branch)' moved while it was being updated")
      }
      let target = try Repository.resolveCommit(repo, sha)
      var oid = target.id.raw
      var created: OpaquePointer?
      try check(git_reference_create(&created, repo, refName, &oid, 1, "paved: reset \(branch)"), "cannot move '\(branch)'")
      if let created { git_reference_free(created) }
    }
  }
}

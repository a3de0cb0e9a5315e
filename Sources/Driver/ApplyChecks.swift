import Artifacts
import Diagnostics
import GitRevisions
import Hashing
import PlatformModel
import VirtualFileSystem

#if canImport(Glibc)
import Glibc
#endif

/// What `paved apply` checks before committing, how it counts what changed, and where its lock is.
extension ApplyRun {
  /// `--commit-to BRANCH` is refused when the Applications would not deploy the branch (they track
  /// `spec.gitops.targetRevision`), when it is the branch checked out here (the work tree and index
  /// would then disagree with the branch), and when the input read differs from HEAD, unless
  /// `--allow-dirty`.
  static func commitProblems(
    branch: String, platform: Platform, location: RepositoryLocation, read: [(path: String, bytes: [UInt8])], allowDirty: Bool
  ) -> (diagnostics: [Diagnostic], dirty: Bool) {
    var out: [Diagnostic] = []
    if branch != platform.gitops.targetRevision {
      out.append(
        .error(
          .commitBranchMismatch,
          "--commit-to \(branch), but the GitOps engine deploys '\(platform.gitops.targetRevision)' (spec.gitops.targetRevision)",
          notes: [
            DiagnosticNote(
              "set spec.gitops.targetRevision: \(branch) so the Applications follow the branch paved commits to, or commit to '\(platform.gitops.targetRevision)'"
            )
          ]))
    }
    if location.repository.currentBranch == branch {
      out.append(
        .error(
          .commitBranchMismatch, "--commit-to \(branch) is the branch checked out here",
          notes: [
            DiagnosticNote(
              "paved commits the rendered tree without touching the work tree; on the checked-out branch, git's index would then show every file as changed. Use a deploy branch"
            )
          ]))
    }
    let changed = SourceState.changedFiles(read, location: location)
    if !changed.isEmpty && !allowDirty {
      var notes = changed.prefix(10).map { DiagnosticNote("uncommitted: \($0)") }
      notes.append(
        DiagnosticNote(
          "commit the input first, so the deploy commit names the commit it came from; or pass --allow-dirty (recorded as Paved-Source-Dirty: true)"))
      out.append(.error(.dirtySource, "the input differs from HEAD: the commit would claim a source it was not rendered from", notes: notes))
    }
    return (out, !changed.isEmpty)
  }

  /// The lock of a directory write: under `.git/` when the directory is inside this repository's work
  /// tree (so `git add` never picks it up), else in the directory itself.
  static func lockPath(out: String, location: RepositoryLocation?) -> String? {
    // The parent resolved and the last component as written: the same key whether or not the
    // directory exists yet (two writers racing to create it must agree on the lock).
    var trimmed = out
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    guard let repository = location?.repository, let work = repository.workingDirectory.flatMap({ realpath($0) }),
      let parentReal = realpath(parent(trimmed))
    else { return nil }
    let outReal = parentReal + "/" + (trimmed.split(separator: "/").last.map(String.init) ?? trimmed)
    guard outReal.hasPrefix(work + "/") else { return nil }
    let key = outReal.dropFirst(work.count).map { $0 == "/" ? "-" : $0 }
    return repository.gitDirectory + "/paved" + String(key) + ".lock"
  }

  static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  static func realpath(_ path: String) -> String? {
    guard let resolved = Glibc.realpath(path, nil) else { return nil }
    defer { free(resolved) }
    var text = String(cString: resolved)
    while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
    return text
  }

  /// Path (relative to the output) → SHA-256 hex, from each scope's `.paved-applied`; nil when a
  /// scope that has files has no record (then what changed is unknown).
  static func previousDigests(_ out: String, scopes: [String]) -> [String: String]? {
    let fs = LocalFileSystem(root: out)
    var all: [String: String] = [:]
    for scope in scopes {
      guard fs.entryKind(scope) == .directory else { continue }
      guard let bytes = try? fs.readFile(scope + "/" + AppliedRecord.fileName, limit: 256 << 20), let record = AppliedRecord.parse(bytes) else {
        return nil
      }
      for (path, digest) in record.digests { all[scope + "/" + path] = digest }
    }
    return all
  }

  /// What `set` changes against `before` (records are not counted).
  static func compare(_ before: [String: String], _ set: ArtifactSet, scopes: [String]) -> FileChanges {
    var changes = FileChanges()
    var seen = Set<String>()
    for artifact in set.artifacts where !artifact.path.hasSuffix("/" + AppliedRecord.fileName) {
      seen.insert(artifact.path)
      guard let old = before[artifact.path] else {
        changes.created += 1
        continue
      }
      if old != SHA256.hexDigest(artifact.contents) { changes.updated += 1 }
    }
    changes.deleted = before.keys.count { !seen.contains($0) }
    return changes
  }
}

extension DiagnosticCode {
  public static let commitBranchMismatch = DiagnosticCode("apply.commit-branch")
  public static let dirtySource = DiagnosticCode("apply.dirty-source")
}

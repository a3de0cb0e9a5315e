import Artifacts
import Diagnostics
import GitRevisions
import VirtualFileSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `paved apply --commit-to BRANCH`: commits the rendered tree to a deploy branch through libgit2.
///
/// The branch keeps the files of the scopes it does not write and the files paved did not write
/// (absent from the tip's `.paved-owned` lists); owned files missing from the new render are
/// pruned, within the same deletion budget as a directory. No empty commits. The new tree is the
/// tip's with the changes applied (`Repository.commit(changes:onto:…)`): unchanged directories are
/// reused, unchanged files are not written again, and no file of the tip is read but the ownership
/// lists, so a one-tenant change costs a one-tenant commit.
struct BranchCommit {
  let location: RepositoryLocation
  let branch: String
  /// Where the output directory sits in the repository (e.g. `deploy`).
  let outputPrefix: String

  struct Outcome {
    var result: CommitResult
    var deleted: [String]
    /// Files created and updated on the branch (records and ownership lists not counted).
    var created = 0
    var updated = 0
  }

  enum Failure: Error {
    case diagnostic(Diagnostic)
  }

  func commit(_ set: ArtifactSet, scopes: [String], message: CommitMessage, maxDeletions: Int?) throws(Failure) -> Outcome {
    // From the tip, only the ownership lists and `.paved-applied` records are read; whether a new file
    // would replace one paved did not write is found while the new tree is built (`mayReplace`).
    var owned = Set<String>()
    // Files whose bytes paved wrote in the tip (by the records), when the tip is paved's own commit:
    // a file rendered with the same SHA-256 is unchanged and is not even passed on.
    var written: [String: String] = [:]
    let tipIsPaved = location.repository.message(of: "refs/heads/" + branch)?.contains("\nPaved-Input-Fingerprint: ") ?? false
    if let tip = try? location.repository.fileTree(at: "refs/heads/" + branch) {
      for scope in scopes {
        let dir = TreePath.join(outputPrefix, scope)
        if tipIsPaved, let bytes = try? tip.readFile(dir + "/" + AppliedRecord.fileName, limit: 1 << 30), let record = AppliedRecord.parse(bytes) {
          for (path, digest) in record.digests { written[dir + "/" + path] = digest }
        }
        guard let bytes = try? tip.readFile(dir + "/" + OwnershipList.fileName, limit: 1 << 30), let list = OwnershipList.parse(bytes) else { continue }
        owned.insert(dir + "/" + OwnershipList.fileName)
        for path in list.paths { owned.insert(dir + "/" + path) }
      }
    }
    // The new records say what every rendered file hashes to.
    var rendered: [String: String] = [:]
    for artifact in set.artifacts where artifact.path.hasSuffix("/" + AppliedRecord.fileName) {
      guard let record = AppliedRecord.parse(artifact.contents) else { continue }
      let dir = TreePath.join(outputPrefix, String(artifact.path.dropLast(AppliedRecord.fileName.count + 1)))
      for (path, digest) in record.digests { rendered[dir + "/" + path] = digest }
    }
    // The bookkeeping files of each scope: always rewritten, never counted as changes.
    let bookkeeping = ["/" + OwnershipList.fileName, "/" + AppliedRecord.fileName]
    var changes: [String: [UInt8]?] = [:]
    var byScope: [String: [String]] = [:]
    for artifact in set.artifacts {
      let path = TreePath.join(outputPrefix, artifact.path)
      let scope = String(artifact.path.prefix { $0 != "/" })
      byScope[scope, default: []].append(String(artifact.path.dropFirst(scope.count + 1)))
      if let digest = rendered[path], written[path] == digest { continue }  // unchanged since paved wrote it
      changes[path] = .some(artifact.contents)
    }
    for scope in scopes {
      changes[TreePath.join(outputPrefix, scope) + "/" + OwnershipList.fileName] = .some(OwnershipList(paths: byScope[scope] ?? []).render())
    }
    // Every rendered file is in `rendered` (its scope's new record) or is a bookkeeping file.
    let deleted = owned.filter { rendered[$0] == nil && !bookkeeping.contains(where: $0.hasSuffix) }.sorted()
    if let limit = maxDeletions, deleted.count > limit {
      throw .diagnostic(ApplyRun.tooManyDeletions(deleted, limit: limit, target: "branch '\(branch)'"))
    }
    for path in deleted { changes[path] = .some(nil) }
    let committed: (result: CommitResult, stats: CommitStats)
    do throws(GitError) {
      let (author, committer) = Self.signatures(location.repository)
      committed = try location.repository.commit(
        changes: changes, onto: branch, message: message.text, author: author, committer: committer,
        counted: { path in !bookkeeping.contains(where: path.hasSuffix) }, mayReplace: { owned.contains($0) })
    } catch {
      throw .diagnostic(.error(.commitFailed, "cannot commit to branch '\(branch)': \(error.message)",
        notes: [DiagnosticNote(error.kind == .conflict ? "another apply moved the branch meanwhile; run apply again" : "nothing was committed")]))
    }
    if let clash = committed.stats.refused.first {
      throw .diagnostic(.error(.outputNotWritten, "refusing to overwrite \(clash) on branch '\(branch)': paved did not write it (it is not in the ownership list)",
        notes: [DiagnosticNote("nothing was committed; move or delete that file on the branch")]))
    }
    return Outcome(result: committed.result, deleted: deleted, created: committed.stats.created, updated: committed.stats.updated)
  }

  /// Author and committer as git would pick them: `GIT_AUTHOR_*` / `GIT_COMMITTER_*` when set, else
  /// `user.name` / `user.email` from git's configuration, else "paved <paved@localhost>".
  static func signatures(_ repository: Repository) -> (author: GitSignature, committer: GitSignature) {
    func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
    let name = repository.configString("user.name").flatMap { $0.isEmpty ? nil : $0 } ?? "paved"
    let email = repository.configString("user.email").flatMap { $0.isEmpty ? nil : $0 } ?? "paved@localhost"
    let author = GitSignature(name: env("GIT_AUTHOR_NAME") ?? name, email: env("GIT_AUTHOR_EMAIL") ?? email)
    let committer = GitSignature(name: env("GIT_COMMITTER_NAME") ?? name, email: env("GIT_COMMITTER_EMAIL") ?? email)
    return (author, committer)
  }
}

extension DiagnosticCode {
  public static let commitFailed = DiagnosticCode("apply.commit-failed")
  public static let tooManyDeletions = DiagnosticCode("apply.too-many-deletions")
  public static let outputLocked = DiagnosticCode("apply.locked")
}

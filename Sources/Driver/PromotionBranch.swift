import Diagnostics
import GitRevisions
import VirtualFileSystem

/// The promotion's branch, `paved/promote/<model>/<env>`: one commit, the environment file's edit,
/// on top of the revision the promotion was computed from. Stateless and idempotent: a run with
/// the same result leaves the branch as it is; a new candidate (or a moved base) rebuilds it from
/// the base, so there is one branch (and one pull request) per model and environment, never a pile.
/// The work tree and index are not touched.
public enum PromotionBranch {
  public enum Result: Sendable, Equatable {
    case created(sha: String)
    case updated(sha: String, previous: String)
    case unchanged(sha: String)

    public var sha: String {
      switch self {
      case .created(let sha), .updated(let sha, _), .unchanged(let sha): sha
      }
    }
  }

  public static func name(model: String, environment: String) -> String { "paved/promote/\(model)/\(environment)" }

  /// How the promotion commit's trailer starts (the candidate's version and digest follow): what
  /// marks a commit on the branch as Paved's own.
  static func trailer(model: String, environment: String) -> String { "Paved-Promotion: \(model) \(environment) " }

  /// Commits `bytes` at `file` (relative to the platform's directory) on the branch, on top of `base`.
  static func commit(
    root: String, base revision: String, file: String, bytes: [UInt8], branch: String, message: String
  ) throws(DiagnosticFailure) -> Result {
    let location = try RepositoryLocation.open(root)
    let repository = location.repository
    let base = try location.resolve(revision, option: "--history")
    let path = TreePath.join(location.prefix, file)
    let previous = try? repository.resolve("refs/heads/\(branch)")
    do {
      if let previous, let parent = try? repository.resolve(previous.sha + "^"), parent.sha == base.sha,
        repository.message(of: previous.sha)?.trimmingTrailingNewlines == message.trimmingTrailingNewlines,
        let tree = try? repository.fileTree(at: previous.sha), (try? tree.readFile(path, limit: bytes.count + 1)) == bytes
      {
        return .unchanged(sha: previous.sha)
      }
      try repository.setBranch(branch, to: base.sha, expected: .some(previous?.sha))
      // Dated as the base is: the same promotion on the same base by the same identity is the same
      // commit, byte for byte, on any machine, so a scheduled re-run from a fresh clone pushes nothing.
      let identity = BranchCommit.signatures(repository)
      let author = GitSignature(name: identity.author.name, email: identity.author.email, time: base.committed)
      let committer = GitSignature(name: identity.committer.name, email: identity.committer.email, time: base.committed)
      let (result, _) = try repository.commit(
        changes: [(path, .bytes(bytes))], onto: branch, expectedTip: .some(base.sha), message: { _ in message },
        author: author, committer: committer)
      return previous.map { .updated(sha: result.sha, previous: $0.sha) } ?? .created(sha: result.sha)
    } catch {
      throw DiagnosticFailure(.error(.promotionBranch, "cannot commit the promotion to \(branch): \(error.message)"))
    }
  }

  /// Pushes the branch to `remote` (a remote's name or a URL), replacing what it held there when
  /// that is Paved's own commit (its message has the `ours` trailer); someone else's commits there
  /// stop the push (`promote.branch-moved`). The token comes from `tokenVariable` and is never printed.
  static func push(root: String, branch: String, remote: String, tokenVariable: String, ours: String) throws(DiagnosticFailure) -> PushResult {
    let location = try RepositoryLocation.open(root)
    do {
      let options = PushOptions(force: true, tokenEnvironmentVariable: tokenVariable, replaceOnlyTipsWithLine: ours)
      return try location.repository.push(branch: branch, to: remote, options: options)
    } catch {
      let hint: String
      switch error.kind {
      case .conflict:
        throw DiagnosticFailure(
          .error(
            .promotionBranchMoved, "cannot push \(branch) to \(remote): \(error.message)",
            notes: [
              DiagnosticNote(
                "someone else committed to the promotion branch, and Paved does not discard their work; nothing was changed on the remote"),
              DiagnosticNote("review their change in the pull request: merge or close it, or delete the branch, and the next run rebuilds it"),
            ]))
      case .auth: hint = "the remote refused the credentials: set \(tokenVariable) to a token that may push branches"
      case .network: hint = "the remote could not be reached; nothing was changed there, run the promotion again"
      default: hint = "nothing was changed on the remote; the local branch \(branch) holds the promotion"
      }
      throw DiagnosticFailure(.error(.promotionPush, "cannot push \(branch) to \(remote): \(error.message)", notes: [DiagnosticNote(hint)]))
    }
  }
}

extension String {
  fileprivate var trimmingTrailingNewlines: Substring {
    var s = Substring(self)
    while s.last == "\n" { s = s.dropLast() }
    return s
  }
}

extension DiagnosticCode {
  public static let promotionBranch = DiagnosticCode("promote.branch")
  public static let promotionPush = DiagnosticCode("promote.push")
  public static let promotionBranchMoved = DiagnosticCode("promote.branch-moved")
}

import Diagnostics
import Forge
import GitRevisions

#if canImport(Glibc)
import Glibc
#endif

extension PromoteRun {
  /// Where an eligible promotion goes after `run`.
  public enum Delivery: Sendable {
    /// Nowhere: the caller shows the edit and the body.
    case dryRun
    /// Into the working tree.
    case edit
    /// One commit on the promotion branch; pushed to `remote` when given, with a pull request on
    /// `forge` when given (after a push).
    case branch(remote: String?, tokenVariable: String, forge: ForgeLocation?)
  }

  /// What delivering did; values only (the CLI says it).
  public struct Delivered: Sendable {
    /// Blocked gates, and whatever could not be done (each an error).
    public var diagnostics: [Diagnostic] = []
    /// The environment file written in place.
    public var edited: String?
    public var branch: String?
    public var commit: PromotionBranch.Result?
    public var pushed: PushResult?
    public var pullRequest: PullRequestOutcome = .none
  }

  /// The environment variable holding the push token: `explicit`, else the first of
  /// `PAVED_GIT_TOKEN`, `GITHUB_TOKEN`, `CI_JOB_TOKEN` that is set (the name, never the value).
  public static func tokenVariable(explicit: String?) -> String {
    if let explicit { return explicit }
    return ["PAVED_GIT_TOKEN", "GITHUB_TOKEN", "CI_JOB_TOKEN"].first { name in getenv(name).map { $0.pointee != 0 } ?? false } ?? "PAVED_GIT_TOKEN"
  }

  /// Delivers `outcome` (from `run`) as `how` says: blocked gates become diagnostics; an eligible
  /// candidate is written, or committed, pushed and proposed with `body`; a target already at the
  /// candidate closes an open pull request as superseded.
  public static func deliver(_ outcome: Outcome, request: Request, body: String, how: Delivery) -> Delivered {
    var done = Delivered()
    if outcome.upToDate {
      if case .branch(_, _, let forge?) = how {
        let (closed, problem) = pullRequest(outcome, request: request, forge: forge, base: outcome.defaultBranch, body: "")
        done.pullRequest = closed
        if let problem { done.diagnostics.append(problem) }
      }
      return done
    }
    for gate in outcome.gates where gate.blocks {
      var notes: [DiagnosticNote] = []
      if gate.name == "soak", let soak = outcome.soak {
        notes.append(DiagnosticNote("eligible at \(Soak.describe(time: soak.eligibleAt)); run paved promote again then (nothing waits or polls)"))
      }
      let what = gate.status == .missing ? "evidence missing" : "failed"
      done.diagnostics.append(.error(.promotionBlocked, "\(request.model) to \(request.target): \(gate.name) \(what): \(gate.detail)", notes: notes))
    }
    guard outcome.eligible, let file = outcome.file else { return done }
    switch how {
    case .dryRun:
      break
    case .edit:
      if let problem = write(outcome, root: request.root) { done.diagnostics.append(problem) } else { done.edited = file }
    case .branch(let remote, let tokenVariable, let forge):
      let committed = commit(outcome, request: request, remote: remote, tokenVariable: tokenVariable)
      done.branch = committed.branch
      done.commit = committed.result
      done.pushed = committed.pushed
      if let problem = committed.diagnostic { done.diagnostics.append(problem) }
      if committed.pushed != nil, let forge {
        let (opened, problem) = pullRequest(outcome, request: request, forge: forge, base: outcome.defaultBranch, body: body)
        done.pullRequest = opened
        if let problem { done.diagnostics.append(problem) }
      }
    }
    return done
  }
}

import Artifacts
import Diagnostics
import Forge
import GitRevisions
import ModelArtifacts
import ModelValidation
import OutputWriter
import Planning
import PlatformModel
import Policy
import SpecAST
import VirtualFileSystem

/// `paved promote`: move a model's candidate from its source environment to the next one, as an
/// edit of `environments/<env>.yaml` that changes only the pinned values, gated by the target's
/// promotion policy (soak from git history, contract, signature, compatibility, policy check) and
/// described by a pull-request body that carries the evidence. Returns values; never prints.
public enum PromoteRun {
  public struct Request: Sendable {
    public var root: String
    public var platformFile: String
    public var displayPrefix: String
    public var model: String
    public var target: String
    /// Overrides the policy's source environment.
    public var from: String?
    /// The candidate's version, when the caller names it (must be what the source pins).
    public var version: String?
    /// A local copy of the candidate for the contract, signature and compatibility gates.
    public var artifactPath: String?
    public var signature: String?
    public var trust: ModelCommands.Trust
    /// A local copy of what the target runs now (the compatibility gate's baseline).
    public var baselinePath: String?
    /// Without `artifactPath` / `baselinePath`: get the candidate and what the target runs with the
    /// spec's `ci.modelArtifacts.fetch` command.
    public var fetch = false
    /// The revision whose first-parent history the soak is measured on.
    public var history: String
    /// Seconds since 1970 that count as now (tests fix it).
    public var now: Int64
    public var today: PolicyDate

    public init(
      root: String, platformFile: String, displayPrefix: String, model: String, target: String, now: Int64, today: PolicyDate,
      history: String = "HEAD", trust: ModelCommands.Trust = .init(publicKey: nil, trustAnchors: [])
    ) {
      self.root = root
      self.platformFile = platformFile
      self.displayPrefix = displayPrefix
      self.model = model
      self.target = target
      self.now = now
      self.today = today
      self.history = history
      self.trust = trust
    }
  }

  /// One piece of evidence and how it came out.
  public struct Gate: Sendable, Equatable {
    public enum Status: String, Sendable {
      case pass
      case fail
      case missing
      case notRequired = "not required"
    }
    public var name: String
    public var status: Status
    public var detail: String
    /// The policy requires it: a `fail` or `missing` blocks the promotion.
    public var required: Bool
    public var blocks: Bool { required && (status == .fail || status == .missing) }
  }

  /// When the candidate arrived in the source environment.
  public struct SoakEvidence: Sendable, Equatable {
    public var commit: String
    public var summary: String
    public var since: Int64
    public var soaked: Int64
    public var required: Int64
    public var eligibleAt: Int64 { since + required }
  }

  public struct Outcome: Sendable {
    public var diagnostics = Diagnostics()
    public var sources = SourceCatalog()
    /// The environment file edited, relative to the root, and its bytes before and after.
    public var file: String?
    public var before: [UInt8] = []
    public var after: [UInt8] = []
    public var source: String?
    public var candidate: PromotionEdit.Pin?
    /// What the target pins now.
    public var current: PromotionEdit.Pin?
    /// The canary share, when this step promotes as a canary.
    public var canaryTraffic: Int?
    public var soak: SoakEvidence?
    public var gates: [Gate] = []
    public var planSummary: String?
    public var approvers: [String] = []
    /// The approvers as forge handles (`@org/team`, `@user`), for review requests.
    public var reviewers: [String] = []
    /// The branch pull requests target (`spec.ci.defaultBranch`, else `main`).
    public var defaultBranch = "main"
    public var validationReport: ValidationReport?
    /// Nothing to do: the target already runs the candidate.
    public var upToDate = false
    public var eligible: Bool { !upToDate && !diagnostics.hasErrors && !gates.contains(where: \.blocks) }
  }

  public static func run(_ request: Request) throws(InternalError) -> Outcome {
    let fs = LocalFileSystem(root: request.root)
    let compileRequest = CompileRequest(platformPath: request.platformFile, displayPrefix: request.displayPrefix)
    let prepared = Compilation.prepare(fs, compileRequest)
    var outcome = Outcome(diagnostics: prepared.result.diagnostics, sources: prepared.result.sources)
    guard prepared.ready, let platform = prepared.result.platform else { return outcome }
    guard let target = find(request.target, in: platform.environments.map(\.name), what: "environment", &outcome),
      let model = find(request.model, in: platform.models.map(\.name), what: "model", &outcome),
      let env = platform.environments.first(where: { $0.name == target })
    else { return outcome }
    outcome.approvers = env.approvers
    outcome.defaultBranch = platform.ci?.defaultBranch ?? "main"
    outcome.reviewers = env.approvers.compactMap { owner in
      if let ci = platform.ci { return ci.handle(forOwner: owner).flatMap { $0.hasPrefix("@") ? $0 : nil } }
      return owner.hasPrefix("user:") && !owner.contains("@") ? "@" + owner.dropFirst(5) : nil
    }
    let policy = env.promotion
    guard let source = request.from ?? policy.from else {
      outcome.diagnostics.append(
        .error(
          .promotionNoSource, "'\(target)' is the first environment: there is nothing to promote from",
          notes: [DiagnosticNote("pin the first version by hand in \(env.file), or give --from ENV")]))
      return outcome
    }
    guard find(source, in: platform.environments.map(\.name), what: "environment", &outcome) != nil,
      let sourceEnv = platform.environments.first(where: { $0.name == source })
    else { return outcome }
    outcome.source = source
    guard let sourcePin = sourceEnv.pins.first(where: { $0.model == model }) else {
      outcome.diagnostics.append(.error(.promotionNoCandidate, "'\(model)' is not pinned in '\(source)': there is no candidate to promote", at: nil))
      return outcome
    }
    let candidate = PromotionEdit.Pin(version: sourcePin.version, artifact: sourcePin.artifact, digest: sourcePin.digest)
    outcome.candidate = candidate
    if let version = request.version, version != candidate.version {
      outcome.diagnostics.append(
        .error(
          .promotionNoCandidate, "'\(source)' pins \(model) \(candidate.version), not \(version)",
          notes: [DiagnosticNote("promote \(version) to \(source) first")]))
      return outcome
    }
    let currentPin = env.pins.first { $0.model == model }
    outcome.current = currentPin.map { PromotionEdit.Pin(version: $0.version, artifact: $0.artifact, digest: $0.digest) }
    if outcome.current == candidate && currentPin?.canary == nil {
      outcome.upToDate = true
      return outcome
    }
    // With a canary policy, the first step puts the candidate beside the stable pin; the next, once
    // the canary is the candidate, promotes it in full.
    let change: PromotionEdit.Change
    if let traffic = policy.canaryTraffic, currentPin != nil,
      currentPin?.canary.map({ PromotionEdit.Pin(version: $0.version, artifact: $0.artifact, digest: $0.digest) }) != candidate
    {
      change = .canary(candidate, traffic: traffic)
      outcome.canaryTraffic = traffic
    } else {
      change = .stable(candidate)
    }

    // The edit.
    let file = TreePath.join(TreePath.directory(of: request.platformFile), "environments/\(target).yaml")
    outcome.file = file
    do {
      outcome.before = try fs.readFile(file, limit: compileRequest.limits.maxFileBytes)
      outcome.after = try PromotionEdit.apply(change, model: model, to: outcome.before, file: request.displayPrefix + file)
    } catch let error as FileSystemError {
      outcome.diagnostics.append(.error(.promotionEdit, "cannot read \(request.displayPrefix + file): \(error.message)"))
      return outcome
    } catch {
      outcome.diagnostics.append(.error(.promotionEdit, "cannot edit \(request.displayPrefix + file): \(error)"))
      return outcome
    }

    outcome.soak = soak(request, source: source, model: model, candidate: candidate, required: Int64(policy.soakSeconds), &outcome)
    if let soak = outcome.soak {
      outcome.gates.append(
        Gate(
          name: "soak", status: soak.soaked >= soak.required ? .pass : .fail,
          detail: "\(Soak.describe(seconds: soak.soaked)) in \(source) since \(String(soak.commit.prefix(7)))"
            + (soak.required > 0 ? ", \(Soak.describe(seconds: soak.required)) required" : ""),
          required: soak.required > 0))
    }
    var request = request
    var scratch: [String] = []
    defer { scratch.forEach(Scratch.remove) }
    if request.fetch, let command = platform.ci?.fetchModelArtifact {
      func get(_ pin: PromotionEdit.Pin, from env: String) -> String? {
        switch ArtifactFetch.fetch(command: command, model: model, environment: env, artifact: pin.artifact) {
        case .success(let dir):
          scratch.append(dir)
          return dir
        case .failure(let failure):
          outcome.diagnostics.append(.warning(.promotionFetch, "cannot fetch \(pin.artifact) for \(model): \(failure.why)"))
          return nil
        }
      }
      if request.artifactPath == nil { request.artifactPath = get(candidate, from: source) }
      if request.signature == nil, let dir = request.artifactPath, FileKind.of(dir + "/model.sig") == .regular {
        request.signature = dir + "/model.sig"
      }
      if request.baselinePath == nil, let current = outcome.current { request.baselinePath = get(current, from: target) }
    } else if request.fetch {
      outcome.diagnostics.append(
        .error(.promotionFetch, "--fetch needs ci.modelArtifacts.fetch in platform.yaml (the command that gets an artifact)"))
      return outcome
    }
    try gates(request, current: prepared, policy: policy, model: model, source: source, file: file, after: outcome.after, &outcome)
    return outcome
  }

  /// Every (model, environment) where the environment's source pins the model at another version
  /// than the environment does: what `paved promote --all` looks at, in promotion order.
  public static func pending(root: String, platformFile: String, displayPrefix: String, only target: String?) -> (
    Diagnostics, SourceCatalog, [(model: String, target: String)]
  ) {
    let prepared = Compilation.prepare(LocalFileSystem(root: root), CompileRequest(platformPath: platformFile, displayPrefix: displayPrefix))
    guard prepared.ready, let platform = prepared.result.platform else { return (prepared.result.diagnostics, prepared.result.sources, []) }
    var out: [(String, String)] = []
    for env in platform.environments where target == nil || env.name == target {
      guard let from = env.promotion.from, let source = platform.environments.first(where: { $0.name == from }) else { continue }
      for pin in source.pins where platform.model(named: pin.model) != nil {
        let current = env.pins.first { $0.model == pin.model }
        if current?.version != pin.version || current?.digest != pin.digest || current?.canary != nil { out.append((pin.model, env.name)) }
      }
    }
    return (prepared.result.diagnostics, prepared.result.sources, out)
  }

  /// Commits the edit on `paved/promote/<model>/<env>` (on top of `request.history`), and pushes it
  /// to `remote` when one is given.
  static func commit(
    _ outcome: Outcome, request: Request, remote: String?, tokenVariable: String
  ) -> (branch: String, result: PromotionBranch.Result?, pushed: PushResult?, diagnostic: Diagnostic?) {
    let branch = PromotionBranch.name(model: request.model, environment: request.target)
    guard let file = outcome.file, let candidate = outcome.candidate else { return (branch, nil, nil, nil) }
    let step = outcome.canaryTraffic.map { " as a \($0) % canary" } ?? ""
    let message =
      "Promote \(request.model) \(candidate.version) to \(request.target)\(step)\n\n"
      + "From \(outcome.source ?? "?")" + (outcome.soak.map { ", pinned there since \(String($0.commit.prefix(12)))" } ?? "") + ".\n\n"
      + PromotionBranch.trailer(model: request.model, environment: request.target) + "\(candidate.version) \(candidate.digest)\n"
    do {
      let result = try PromotionBranch.commit(
        root: request.root, base: request.history, file: file, bytes: outcome.after, branch: branch, message: message)
      guard let remote else { return (branch, result, nil, nil) }
      let pushed = try PromotionBranch.push(
        root: request.root, branch: branch, remote: remote, tokenVariable: tokenVariable,
        ours: PromotionBranch.trailer(model: request.model, environment: request.target))
      return (branch, result, pushed, nil)
    } catch {
      return (branch, nil, nil, error.diagnostic)
    }
  }

  /// Opens or updates the promotion's one pull request (merge request) on the forge; with nothing
  /// left to promote, closes an open one as superseded. Never merges.
  static func pullRequest(
    _ outcome: Outcome, request: Request, forge: ForgeLocation, base: String, body: String
  ) -> (PullRequestOutcome, Diagnostic?) {
    let branch = PromotionBranch.name(model: request.model, environment: request.target)
    let client = forge.client
    do {
      if outcome.upToDate {
        let comment = "Superseded: `\(request.target)` already runs `\(request.model)` \(outcome.candidate?.version ?? ""). Closed by paved."
        return (try client.close(head: branch, base: base, comment: comment), nil)
      }
      let candidate = outcome.candidate?.version ?? "?"
      let title = "Promote \(request.model) \(candidate) to \(request.target)" + (outcome.canaryTraffic.map { " (\($0) % canary)" } ?? "")
      let spec = PullRequestSpec(
        head: branch, base: base, title: title, body: body, labels: ["paved", "promotion", "env:\(request.target)"],
        reviewers: outcome.reviewers)
      return (try client.ensure(spec), nil)
    } catch {
      return (
        .none,
        .error(
          .promotionPullRequest, "\(forge.kind.rawValue) pull request for \(branch): \(error.message)",
          notes: [
            DiagnosticNote("the branch is pushed; running paved promote again completes the pull request (it finds it by its branch)")
          ])
      )
    }
  }

  /// Writes the edit in place (atomically). A diagnostic when it could not be written.
  static func write(_ outcome: Outcome, root: String) -> Diagnostic? {
    guard let file = outcome.file else { return nil }
    do {
      try AtomicFile.replace(root == "." ? file : root + "/" + file, with: outcome.after)
      return nil
    } catch {
      return .error(.promotionEdit, "cannot write \(file): \(error.message); nothing was changed")
    }
  }

  /// `name` when it is one of `names`; else an error with a did-you-mean, and nil.
  static func find(_ name: String, in names: [String], what: String, _ outcome: inout Outcome) -> String? {
    if names.contains(name) { return name }
    var notes = [DiagnosticNote("\(what)s: \(names.joined(separator: ", "))")]
    if let s = Suggestion.didYouMean(name, in: names) { notes.insert(DiagnosticNote(s), at: 0) }
    outcome.diagnostics.append(.error(what == "model" ? .unknownModel : .unknownEnvironment, "unknown \(what) '\(name)'", notes: notes))
    return nil
  }

  /// The soak evidence, or nil (with a diagnostic) when history does not show the candidate in the source.
  static func soak(_ request: Request, source: String, model: String, candidate: PromotionEdit.Pin, required: Int64, _ outcome: inout Outcome)
    -> SoakEvidence?
  {
    let location: RepositoryLocation
    do { location = try RepositoryLocation.open(request.root) } catch {
      outcome.diagnostics.append(error.diagnostic)
      return nil
    }
    let file = TreePath.join(location.prefix, TreePath.join(TreePath.directory(of: request.platformFile), "environments/\(source).yaml"))
    do {
      guard let start = try Soak.start(repository: location.repository, file: file, model: model, candidate: candidate, revision: request.history)
      else {
        outcome.diagnostics.append(
          .error(
            .promotionNotSoaked, "\(model) \(candidate.version) is not pinned in '\(source)' at \(request.history)",
            notes: [DiagnosticNote("the soak is measured on \(request.history)'s first-parent history: merge the pin to \(source) first")]))
        return nil
      }
      let soaked = request.now - start.committed.secondsSince1970
      return SoakEvidence(commit: start.sha, summary: start.summary, since: start.committed.secondsSince1970, soaked: soaked, required: required)
    } catch {
      outcome.diagnostics.append(.error(.unknownRevision, "cannot read the history of \(file) at \(request.history): \(error.message)"))
      return nil
    }
  }
}

extension DiagnosticCode {
  public static let promotionNoSource = DiagnosticCode("promote.no-source")
  public static let promotionNoCandidate = DiagnosticCode("promote.no-candidate")
  public static let promotionNotSoaked = DiagnosticCode("promote.not-soaked")
  public static let promotionEdit = DiagnosticCode("promote.edit")
  public static let promotionBlocked = DiagnosticCode("promote.blocked")
  public static let promotionPullRequest = DiagnosticCode("promote.pull-request")
  public static let promotionFetch = DiagnosticCode("promote.fetch")
}

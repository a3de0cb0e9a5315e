import ArgumentParser
import Diagnostics
import Driver
import Forge
import Planning
import SpecAST

#if canImport(Glibc)
import Glibc
#endif

/// `paved promote MODEL --to ENV`: the edit that moves a model's candidate to the next environment,
/// its gates, and the pull-request body with the evidence.
struct PromoteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "promote",
    abstract: "Promote a model's candidate to the next environment: edit its pin in place, gated by the environment's promotion policy.",
    discussion: """
      The candidate is what the source environment (promotion.from, default the previous environment) pins. \
      The soak is the time since the commit on --history's first-parent history that set that pin. \
      Only the pinned values of environments/ENV.yaml change; comments, order and quoting stay. \
      With --dry-run, prints the edit and the pull-request body and writes nothing.
      """)

  @Argument(help: "Model name (spec.models[].name); omit with --all.")
  var model: String?

  @Option(name: .long, help: "The environment to promote to (with --all: only this one).")
  var to: String?

  @Flag(name: .long, help: "Every model whose source environment pins another version than its target: promote those eligible now, report the rest.")
  var all = false

  @Option(name: .long, help: "The environment to promote from (default: the target's promotion.from).")
  var from: String?

  @Option(name: .long, help: "The candidate's version (must be what the source pins).")
  var version: String?

  @Option(name: .long, help: "A local copy of the candidate, for the contract, signature and compatibility gates.")
  var artifact: String?

  @Option(name: .long, help: "A local copy of what the target runs now, for the compatibility gate.")
  var baseline: String?

  @OptionGroup var signature: SignatureOptions

  @Flag(
    name: .long,
    help:
      "Get the candidate (and what the target runs) with the spec's ci.modelArtifacts.fetch command, for the contract, signature and compatibility gates."
  )
  var fetch = false

  @Option(name: .long, help: "The revision whose first-parent history measures the soak (default HEAD).")
  var history = "HEAD"

  @Option(name: .long, help: "The time that counts as now, e.g. 2026-12-05T10:00:00Z (default: the clock).")
  var now: String?

  @Option(name: .long, help: "Path of platform.yaml.")
  var platform = "platform.yaml"

  @Flag(name: .customLong("dry-run"), help: "Print the edit and the pull-request body; write nothing.")
  var dryRun = false

  @Flag(name: .long, help: "Edit environments/ENV.yaml in the working tree instead of committing to the promotion branch.")
  var edit = false

  @Option(name: .long, help: "Push the promotion branch to this remote (a name such as origin, or a URL).")
  var push: String?

  @Option(name: .long, help: "Open or update the pull request on this forge after --push: github or gitlab.")
  var forge: ForgeKind?

  @Option(
    name: .customLong("forge-url"), help: "The forge's API address (default: GITHUB_API_URL or https://api.github.com; CI_API_V4_URL on GitLab).")
  var forgeURL: String?

  @Option(name: .long, help: "OWNER/NAME on GitHub, the project id or path on GitLab (default: GITHUB_REPOSITORY or CI_PROJECT_ID).")
  var repository: String?

  @Option(
    name: .customLong("token-env"),
    help: "Environment variable holding the HTTPS token for --push (default: the first set of PAVED_GIT_TOKEN, GITHUB_TOKEN, CI_JOB_TOKEN).")
  var tokenEnv: String?

  @Option(name: .long, help: "text (the edit, the gates, the body) or markdown (the body alone).")
  var format: PromoteFormat = .text

  func validate() throws {
    if all && model != nil { throw ValidationError("give a MODEL or --all, not both") }
    if edit && (push != nil || dryRun) { throw ValidationError("--edit changes the working tree: it takes neither --push nor --dry-run") }
    if forge != nil && push == nil && !dryRun { throw ValidationError("--forge opens a pull request for the pushed branch: give --push REMOTE too") }
    if !all && (model == nil || to == nil) { throw ValidationError("give MODEL --to ENV, or --all") }
    if all && (from != nil || version != nil || artifact != nil || baseline != nil) {
      throw ValidationError("--from, --version, --artifact and --baseline name one candidate: use them without --all")
    }
    if let now, Soak.parseTime(now) == nil { throw ValidationError("--now must be a UTC time like 2026-12-05T10:00:00Z") }
  }

  func run() throws {
    let (root, file) = splitPlatformPath(platform)
    let clock = now.flatMap(Soak.parseTime) ?? Int64(time(nil))
    if all {
      let (diagnostics, sources, pending) = PromoteRun.pending(root: root, platformFile: file, displayPrefix: displayPrefix(root), only: to)
      var result = CompileResult()
      result.diagnostics = diagnostics
      result.sources = sources
      if diagnostics.hasErrors {
        DiagnosticsView(format: .text).show(result)
        finish(hasErrors: true)
      }
      if pending.isEmpty { print("nothing to promote: every environment runs what its source runs") }
      var failed = false
      for (model, target) in pending {
        failed = try promote(model: model, to: target, root: root, file: file, clock: clock, quiet: true) || failed
      }
      finish(hasErrors: failed)
    }
    let failed = try promote(model: model ?? "", to: to ?? "", root: root, file: file, clock: clock, quiet: false)
    finish(hasErrors: failed)
  }

  /// One promotion; true when it failed or was blocked. With `quiet` (--all), a blocked candidate is
  /// one line saying why and when it becomes eligible.
  func promote(model: String, to: String, root: String, file: String, clock: Int64, quiet: Bool) throws -> Bool {
    var request = PromoteRun.Request(
      root: root, platformFile: file, displayPrefix: displayPrefix(root), model: model, target: to, now: clock, today: PolicyDate.today(),
      history: history, trust: .init(publicKey: signature.publicKey, trustAnchors: signature.trustAnchors))
    request.from = from
    request.version = version
    request.artifactPath = artifact
    request.signature = signature.signature
    request.baselinePath = baseline
    request.fetch = fetch
    let outcome: PromoteRun.Outcome
    do {
      outcome = try PromoteRun.run(request)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    var result = CompileResult()
    result.diagnostics = outcome.diagnostics
    result.sources = outcome.sources
    let forgeLocation = dryRun ? nil : try forgeLocation(result: &result)
    let how: PromoteRun.Delivery =
      dryRun ? .dryRun : edit ? .edit : .branch(remote: push, tokenVariable: PromoteRun.tokenVariable(explicit: tokenEnv), forge: forgeLocation)
    let body = PromotionView.body(outcome, model: model, target: to)
    if outcome.upToDate {
      print("nothing to promote: \(to) already runs \(model) \(outcome.candidate?.version ?? "")")
    } else if quiet {
      let blocked = outcome.gates.filter(\.blocks)
      if !blocked.isEmpty || outcome.diagnostics.hasErrors {
        print("\(model) → \(to): not eligible: " + PromotionView.whyNot(outcome))
        // Waiting for the soak is not a failure of --all (a later run promotes it); anything else is.
        return outcome.diagnostics.hasErrors || blocked.contains { $0.name != "soak" }
      }
      print("\(model) → \(to): \(outcome.candidate?.version ?? "")" + (outcome.canaryTraffic.map { " as a \($0) % canary" } ?? ""))
    }
    if !outcome.upToDate && !outcome.after.isEmpty {
      switch format {
      case .markdown: print(body, terminator: "")
      case .text:
        let name = displayPrefix(root) + (outcome.file ?? "")
        print(
          LineDiff.unified(
            String(decoding: outcome.before, as: UTF8.self), String(decoding: outcome.after, as: UTF8.self), oldName: "a/\(name)",
            newName: "b/\(name)"), terminator: "")
        print(PromotionView.gates(outcome))
        if dryRun { print("--- pull-request body ---\n" + body, terminator: "") }
      }
    }
    let delivered = PromoteRun.deliver(outcome, request: request, body: body, how: how)
    for line in PromotionView.delivered(delivered, displayPrefix: displayPrefix(root)) { print(line) }
    result.diagnostics.append(contentsOf: delivered.diagnostics)
    if !outcome.upToDate || !delivered.diagnostics.isEmpty { DiagnosticsView(format: .text).show(result) }
    return result.diagnostics.hasErrors
  }
}

enum PromoteFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown }

enum ForgeKind: String, ExpressibleByArgument, CaseIterable { case github, gitlab }

extension PromoteCommand {
  /// The forge to open the pull request on (nil without --forge); a missing setting is a diagnostic.
  func forgeLocation(result: inout CompileResult) throws -> ForgeLocation? {
    guard let forge else { return nil }
    func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
    let api = forgeURL ?? (forge == .github ? env("GITHUB_API_URL") ?? "https://api.github.com" : env("CI_API_V4_URL"))
    let repo = repository ?? (forge == .github ? env("GITHUB_REPOSITORY") : env("CI_PROJECT_ID"))
    let variable = tokenEnv ?? (forge == .github ? "GITHUB_TOKEN" : "CI_JOB_TOKEN")
    let token = env(variable) ?? env("PAVED_GIT_TOKEN")
    guard let api, let repo, let token else {
      let missing = [api == nil ? "--forge-url" : nil, repo == nil ? "--repository" : nil, token == nil ? "a token in \(variable)" : nil].compactMap {
        $0
      }
      result.diagnostics.append(.error(.promotionPullRequest, "cannot open the pull request: missing \(missing.joined(separator: ", "))"))
      return nil
    }
    return ForgeLocation(kind: forge == .github ? .github : .gitlab, apiURL: api, repository: repo, token: token)
  }
}

import ArgumentParser
import Diagnostics
import Driver
import JSONWriting
import Planning

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `paved plan --base REV`: what merging this change would create, update, replace and delete.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Show the objects a change creates, updates, replaces and deletes, compared with a base revision.",
    discussion: """
      Compiles the working tree and the base revision (read from git, no checkout) and diffs the two renders \
      by object identity. Exit codes: 0 no changes (or changes without --detailed-exitcode), 2 changes with \
      --detailed-exitcode, 1 user error, 70 internal error.
      With --drift, compares a fresh render with the deploy directory or branch instead, and reports files \
      changed outside paved (drift) apart from changes not applied yet.
      """)

  @Option(name: .long, help: "Path of platform.yaml (environment files are read from environments/ beside it).")
  var platform: String = "platform.yaml"

  @Option(name: .long, help: "Base revision to compare with: a branch, tag, SHA, HEAD~1, origin/main…")
  var base: String?

  @Option(name: .customLong("env"), help: "Environment to plan; repeat for several. Default: all, plus gitops/.")
  var environments: [String] = []

  @Option(name: .long, help: "text, markdown (a pull-request comment) or json.")
  var format: PlanFormat = .text

  @Flag(name: .long, help: "Exit 2 when there are changes (0 when none, 1 on error).")
  var detailedExitcode = false

  @Flag(name: .long, help: "Compare a fresh render with what is deployed (the output directory or --against).")
  var drift = false

  @Option(
    name: .long,
    help:
      "With --drift: a directory (relative to the platform's root; write ./NAME when NAME is also a revision) or a branch/revision, e.g. refs/heads/deploy. Default: spec.gitops.path."
  )
  var against: String?

  @Flag(name: .long, help: "Print the time each phase took to stderr.")
  var timings = false

  func validate() throws {
    if drift && base != nil { throw ValidationError("--drift compares with what is deployed; it takes --against, not --base") }
    if !drift && base == nil { throw ValidationError("missing --base REV (the revision to compare with, e.g. --base origin/main)") }
    if against != nil && !drift { throw ValidationError("--against is only for --drift") }
  }

  func run() throws {
    let (root, file) = splitPlatformPath(platform)
    let envs = environments.isEmpty ? nil : environments
    if drift {
      try DriftView.run(
        root: root, file: file, against: against, environments: envs, format: format, detailedExitcode: detailedExitcode, timings: timings)
    }
    let outcome: PlanRun.Outcome
    do {
      outcome = try PlanRun.run(
        PlanRun.Request(root: root, platformFile: file, base: base ?? "", environments: envs, displayPrefix: displayPrefix(root)))
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    if timings { DiagnosticsView.showTimings(outcome.timings) }
    guard let plan = outcome.plan, !outcome.diagnostics.hasErrors else {
      PlanView.showErrors(outcome.diagnostics, sources: outcome.sources, format: format)
      finish(hasErrors: true)
    }
    PlanView.showWarnings(outcome.diagnostics, sources: outcome.sources, format: format)
    let target = (platform == "platform.yaml" ? "" : platform + ":") + (environments.isEmpty ? "all" : environments.joined(separator: ","))
    print(PlanView.render(plan, metadata: outcome.metadata, format: format, target: target), terminator: "")
    exitWithPlan(changed: !plan.isEmpty, detailed: detailedExitcode)
  }
}

/// Plan output formats.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json
}

/// Prints plans and their diagnostics.
enum PlanView {
  static func render(_ plan: Plan, metadata: PlanMetadata, format: PlanFormat, target: String) -> String {
    switch format {
    case .text: return TextPlanRenderer.render(plan, metadata: metadata)
    case .markdown: return MarkdownPlanRenderer(target: target).render(plan, metadata: metadata)
    case .json: return JSONPlanRenderer.render(plan, metadata: metadata)
    }
  }

  /// Errors: JSON on stdout for `--format json`, text on stderr otherwise.
  static func showErrors(_ diagnostics: Diagnostics, sources: SourceCatalog, format: PlanFormat) {
    if format == .json {
      print(JSONDiagnosticRenderer.render(diagnostics, result: ["ok": .bool(false)]), terminator: "")
    } else {
      writeStderr(TextRenderer(catalog: sources).render(diagnostics))
    }
  }

  /// Warnings go to stderr so stdout stays the plan alone.
  static func showWarnings(_ diagnostics: Diagnostics, sources: SourceCatalog, format: PlanFormat) {
    guard !diagnostics.isEmpty else { return }
    writeStderr(TextRenderer(catalog: sources).render(diagnostics))
  }
}

/// 0 without changes or without `--detailed-exitcode`; 2 with changes and `--detailed-exitcode`.
func exitWithPlan(changed: Bool, detailed: Bool) -> Never {
  exit(changed && detailed ? 2 : 0)
}

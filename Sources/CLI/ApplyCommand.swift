import ArgumentParser
import Driver
import GitRevisions
import JSONWriting

/// `paved apply`: write the rendered tree atomically and/or commit it to a deploy branch.
struct ApplyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Write the rendered tree atomically (and/or commit it to a deploy branch), pruning only what paved wrote.",
    discussion: """
      Each environment directory is written aside and swapped in, so a crash leaves the old tree or the new one. \
      Only files in the previous .paved-owned list are ever pruned, and at most --max-deletions of them \
      (default \(ApplyRun.defaultMaxDeletions)) unless --allow-deletions. A lock (.paved.lock) makes a second \
      concurrent apply on the same output fail. With --commit-to, the tree is committed to that branch \
      (created if absent; no empty commits) with a Paved-Source-Commit trailer; no directory is written unless --out is given.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(name: .customLong("env"), help: "Environment to apply; repeat for several. Default: all.")
  var environments: [String] = []

  @Option(name: .long, help: "Output directory. Default: spec.gitops.path beside platform.yaml.")
  var out: String?

  @Option(name: .customLong("commit-to"), help: "Commit the rendered tree to this branch of the repository.")
  var commitTo: String?

  @Option(name: .long, help: "Commit message (first line: summary) for --commit-to.")
  var message: String?

  @Option(name: .customLong("max-deletions"), help: "Refuse to delete more than N files (default \(ApplyRun.defaultMaxDeletions)).")
  var maxDeletions: Int?

  @Flag(name: .customLong("allow-deletions"), help: "Delete any number of files paved wrote before.")
  var allowDeletions = false

  @Flag(name: .customLong("allow-dirty"), help: "With --commit-to: commit a render of uncommitted input (recorded as Paved-Source-Dirty: true).")
  var allowDirty = false

  @Flag(name: .customLong("no-fsync"), help: "Do not flush the written files to disk (scratch output only: a power loss may leave empty files).")
  var noFsync = false

  func validate() throws {
    if allowDeletions && maxDeletions != nil { throw ValidationError("--max-deletions and --allow-deletions are exclusive") }
    if let n = maxDeletions, n < 0 { throw ValidationError("--max-deletions must be 0 or more") }
  }

  func run() throws {
    let (root, file) = splitPlatformPath(global.platform)
    var request = ApplyRun.Request(
      root: root, platformFile: file, environments: environments.isEmpty ? nil : environments, displayPrefix: displayPrefix(root),
      outputOverride: out, commitTo: commitTo, message: message,
      maxDeletions: allowDeletions ? nil : (maxDeletions ?? ApplyRun.defaultMaxDeletions), durable: !noFsync)
    request.allowDirty = allowDirty
    let outcome: ApplyRun.Outcome
    do {
      outcome = try ApplyRun.run(request)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    var lines: [String] = []
    if let dir = outcome.writtenTo {
      let what = outcome.changes.map { $0.isEmpty ? "no changes" : "files \($0.summary)" } ?? "wrote \(outcome.filesWritten) files"
      lines.append("\(what) in \(dir) (\(outcome.compilation.scopes.joined(separator: ", ")))")
    }
    switch outcome.commit {
    case .created(let sha, let parent)?:
      lines.append(
        "committed \(sha.prefix(7)) to \(commitTo ?? "")" + (parent == nil ? " (new branch)" : " (parent \(parent?.prefix(7) ?? ""))")
          + (outcome.changes.map { ": files \($0.summary)" } ?? "")
          + (outcome.reusedTenants.map { "; \($0) unchanged tenant\($0 == 1 ? "" : "s") not rendered again (already on the branch)" } ?? ""))
    case .unchanged(let sha)?:
      lines.append("no changes: \(commitTo ?? "") is already at \(sha.prefix(7)) with this tree; nothing committed")
    case nil:
      break
    }
    var extra: [String: JSON] = ["output": .string(outcome.writtenTo ?? ""), "files": .integer(outcome.filesWritten)]
    if let commit = outcome.commit { extra["commit"] = .string(commit.sha) }
    if let source = outcome.sourceCommit { extra["sourceCommit"] = .string(source) }
    if let reused = outcome.reusedTenants { extra["reusedTenants"] = .integer(reused) }
    if let changes = outcome.changes {
      extra["changes"] = .object(["created": .integer(changes.created), "updated": .integer(changes.updated), "deleted": .integer(changes.deleted)])
    }
    DiagnosticsView(format: global.format).show(outcome.compilation, extra: extra, successLine: lines.joined(separator: "\n"))
    if global.timings { DiagnosticsView.showTimings(outcome.compilation.timings) }
    finish(hasErrors: outcome.compilation.diagnostics.hasErrors)
  }
}

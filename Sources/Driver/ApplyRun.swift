import Artifacts
import Diagnostics
import EmitKubernetes
import GitRevisions
@_spi(Testing) import OutputWriter
import VirtualFileSystem

/// `paved apply`: compile the working tree and write the rendered tree atomically to a directory
/// (TreeWriter: aside, then swap; prune only owned files; a lock) and/or commit it to a branch.
public enum ApplyRun {
  /// The deletion budget when neither `--max-deletions` nor `--allow-deletions` is given.
  public static let defaultMaxDeletions = 10

  public struct Request: Sendable {
    public var root: String
    public var platformFile: String
    public var environments: [String]?
    public var displayPrefix: String
    /// `--out`; nil writes `spec.gitops.path` (or, with `commitTo`, no directory at all).
    public var outputOverride: String?
    /// `--commit-to BRANCH`.
    public var commitTo: String?
    /// `--message`: the commit's summary (first line) and body.
    public var message: String?
    /// Refuse to prune more files than this; nil allows any number (`--allow-deletions`).
    public var maxDeletions: Int?
    /// The writer's file operations (tests make them fail).
    @_spi(Testing) public var writerIO = WriterIO.system
    /// Flush the written tree to disk before and after the swap (`--no-fsync` turns it off).
    public var durable: Bool
    /// `--allow-dirty`: commit a render of uncommitted input (recorded as `Paved-Source-Dirty: true`).
    public var allowDirty = false

    public init(
      root: String, platformFile: String = "platform.yaml", environments: [String]? = nil, displayPrefix: String = "",
      outputOverride: String? = nil, commitTo: String? = nil, message: String? = nil,
      maxDeletions: Int? = ApplyRun.defaultMaxDeletions, durable: Bool = true
    ) {
      self.root = root
      self.platformFile = platformFile
      self.environments = environments
      self.displayPrefix = displayPrefix
      self.outputOverride = outputOverride
      self.commitTo = commitTo
      self.message = message
      self.maxDeletions = maxDeletions
      self.durable = durable
    }
  }

  public struct Outcome: Sendable {
    public var compilation: CompileResult
    /// The directory written, when one was.
    public var writtenTo: String?
    public var filesWritten = 0
    /// The commit made (or found unchanged) on `--commit-to`.
    public var commit: CommitResult?
    /// The source commit recorded (HEAD of the working tree's repository), when inside git.
    public var sourceCommit: String?
    /// With `--commit-to`: how many tenants rendered the same as in the branch tip's source commit and
    /// were not rendered again (their files were already on the branch); nil when everything was rendered.
    public var reusedTenants: Int?
    /// What changed in the written tree, file by file (compared with the previous `.paved-applied`
    /// records, or the branch's tip); nil when unknown (no earlier record).
    public var changes: FileChanges?
    /// CI files (workflows, CODEOWNERS) written or deleted beside the spec.
    public var ciFiles: [String] = []
  }

  /// Files created, updated and deleted by an apply.
  public struct FileChanges: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var deleted = 0
    public var isEmpty: Bool { created == 0 && updated == 0 && deleted == 0 }

    public var summary: String {
      isEmpty ? "no changes" : "\(created) created, \(updated) updated, \(deleted) deleted"
    }
  }

  public static func run(_ request: Request) throws(InternalError) -> Outcome {
    if let branch = request.commitTo, request.outputOverride == nil { return try commitOnly(request, branch: branch) }
    let fs = RecordingFileSystem(LocalFileSystem(root: request.root))
    let compileRequest = CompileRequest(platformPath: request.platformFile, environments: request.environments, displayPrefix: request.displayPrefix)
    var outcome = Outcome(compilation: try Compilation.compile(fs, compileRequest))
    guard !outcome.compilation.diagnostics.hasErrors, let rendered = outcome.compilation.artifacts else { return outcome }
    let location = try? RepositoryLocation.open(request.root)
    outcome.sourceCommit = try? location?.repository.resolve("HEAD").sha
    if request.commitTo != nil && location == nil {
      outcome.compilation.diagnostics.append(.error(.notARepository, "--commit-to needs a git repository, and \(request.root) is not inside one"))
      return outcome
    }
    var dirty = false
    if let branch = request.commitTo, let location, let platform = outcome.compilation.platform {
      let problems = commitProblems(branch: branch, platform: platform, location: location, read: fs.recorded, allowDirty: request.allowDirty)
      dirty = problems.dirty
      guard problems.diagnostics.isEmpty else {
        outcome.compilation.diagnostics.append(contentsOf: problems.diagnostics)
        return outcome
      }
    }
    let scopes = outcome.compilation.scopes + [KubernetesEmitter.gitopsScope]
    let fingerprint = InputFingerprint.compute([("head", fs.recorded)])
    let set = try AppliedRecord.adding(to: rendered, scopes: scopes, sourceCommit: outcome.sourceCommit, fingerprint: fingerprint)

    if request.commitTo == nil || request.outputOverride != nil {
      let out = request.outputOverride ?? (request.root == "." ? outcome.compilation.outputPath : request.root + "/" + outcome.compilation.outputPath)
      var clock = PhaseClock()
      let before = previousDigests(out, scopes: scopes)
      // CI files go beside the spec when the tree goes to its own place (not a scratch --out).
      var ciPending: CIFiles.Pending?
      if request.outputOverride == nil {
        switch CIFiles.prepare(root: request.root, platform: outcome.compilation.platform, durable: request.durable) {
        case .success(let pending): ciPending = pending
        case .failure(let box):
          outcome.compilation.diagnostics.append(box.diagnostic)
          return outcome
        }
      }
      do {
        var writer = TreeWriter(
          root: out, maxDeletions: request.maxDeletions, durable: request.durable, lockPath: lockPath(out: out, location: location))
        writer.io = request.writerIO
        try writer.write(set, scopes: scopes)
        clock.mark("write", into: &outcome.compilation)
        outcome.writtenTo = out
        outcome.filesWritten = rendered.count
        if let before { outcome.changes = compare(before, set, scopes: scopes) }
        switch ciPending?.commit() {
        case .success(let paths)?: outcome.ciFiles = paths
        case .failure(let box)?: outcome.compilation.diagnostics.append(box.diagnostic)
        case nil: break
        }
      } catch {
        outcome.compilation.diagnostics.append(diagnostic(for: error, out: out))
        return outcome
      }
    }
    if let branch = request.commitTo, let location {
      let prefix = TreePath.join(location.prefix, outcome.compilation.outputPath)
      let message = commitMessage(
        request, scopes: outcome.compilation.scopes, sourceCommit: outcome.sourceCommit, dirty: dirty, fingerprint: fingerprint)
      do throws(BranchCommit.Failure) {
        let tip = DeployTip.read(location.repository, branch: branch, renderer: RendererIdentity.current)
        let engine = try BranchCommit(location: location, branch: branch, outputPrefix: prefix, scopes: scopes, tip: tip)
        do throws(WriteError) { try engine.receive(rendered.artifacts) } catch {
          throw .diagnostic(BranchCommit.failed(branch, error.message))
        }
        let done = try engine.commitReceived(
          message: message, sourceCommit: outcome.sourceCommit, dirty: dirty, fingerprint: fingerprint, maxDeletions: request.maxDeletions)
        outcome.commit = done.result
        if outcome.changes == nil { outcome.changes = done.changes }
      } catch {
        switch error {
        case .diagnostic(let d): outcome.compilation.diagnostics.append(d)
        case .bug(let bug): throw bug
        }
      }
    }
    return outcome
  }

  static func diagnostic(for error: WriteError, out: String) -> Diagnostic {
    switch error {
    case .tooManyDeletions(let paths, let limit):
      return tooManyDeletions(paths.map { out + "/" + $0 }, limit: limit, target: out)
    case .locked:
      return .error(.outputLocked, "output not written: \(error.message)", notes: [DiagnosticNote("nothing was changed in \(out) by this run")])
    case .partlyReplaced(let replaced, let failed, _):
      return .error(
        .outputPartlyWritten, "output partly written: \(error.message)",
        notes: [
          DiagnosticNote(
            "\(replaced.map { out + "/" + $0 + "/" }.joined(separator: ", ")) hold the new tree; \(out)/\(failed)/ and every other directory the old one (each directory is whole)"
          ),
          DiagnosticNote("run again to finish; the old trees of the new directories are in \(out)/.paved-staging-*"),
        ])
    case .notFlushed:
      return .error(
        .outputNotFlushed, "output written but not confirmed on disk: \(error.message)",
        notes: [DiagnosticNote("the new files are in place in \(out); run again to be sure they reach the disk")])
    default:
      return .error(.outputNotWritten, "output not written: \(error.message)", notes: [DiagnosticNote("nothing was changed in \(out)")])
    }
  }

  /// The refusal, listing what would have been deleted.
  static func tooManyDeletions(_ paths: [String], limit: Int, target: String) -> Diagnostic {
    var notes = paths.prefix(50).map { DiagnosticNote("would delete \($0)") }
    if paths.count > 50 { notes.append(DiagnosticNote("… and \(paths.count - 50) more")) }
    notes.append(
      DiagnosticNote(
        "nothing was written to \(target); if these deletions are intended, rerun with --allow-deletions or --max-deletions \(paths.count)"))
    return .error(.tooManyDeletions, "apply would delete \(paths.count) files, over the deletion budget of \(limit)", notes: notes)
  }
}

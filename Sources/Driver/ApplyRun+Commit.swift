import Artifacts
import Diagnostics
import Dispatch
import EmitKubernetes
import GitRevisions
import OutputWriter
import VirtualFileSystem

extension ApplyRun {
  /// `--commit-to BRANCH` without `--out`: only the commit is written, so nothing of the render is kept.
  ///
  /// When the branch's tip is paved's verified render of a clean source commit (`DeployTip`), that
  /// commit is prepared beside the working tree (as a plan's base is) and the tenants that render the
  /// same on both sides are not rendered: their files are already on the branch
  /// (`BranchCommit.commitChanged`). Otherwise the whole tree is rendered and streamed into the
  /// commit as it is emitted (`BranchCommit.receive`).
  static func commitOnly(_ request: Request, branch: String) throws(InternalError) -> Outcome {
    let fs = RecordingFileSystem(LocalFileSystem(root: request.root))
    let compileRequest = CompileRequest(platformPath: request.platformFile, environments: request.environments, displayPrefix: request.displayPrefix)
    let location = try? RepositoryLocation.open(request.root)
    let tip = location.map { DeployTip.read($0.repository, branch: branch, renderer: RendererIdentity.current) } ?? DeployTip()
    // The working tree and the tip's source commit are prepared at once (each mostly serial).
    final class Sides: @unchecked Sendable {
      var head: Compilation.Prepared?
      var base: BaseRender?
    }
    let sides = Sides()
    DispatchQueue.concurrentPerform(iterations: tip.source == nil ? 1 : 2) { side in
      if side == 0 {
        sides.head = Compilation.prepare(fs, compileRequest)
      } else if let source = tip.source {
        sides.base = try? BaseRender.prepare(root: request.root, platformFile: request.platformFile, revision: source, option: "--commit-to")
      }
    }
    guard let prepared = sides.head else { throw InternalError("the working tree's compilation produced no result") }
    var outcome = Outcome(compilation: prepared.result)
    guard prepared.ready, let platform = prepared.result.platform else { return outcome }
    guard let location else {
      outcome.compilation.diagnostics.append(.error(.notARepository, "--commit-to needs a git repository, and \(request.root) is not inside one"))
      return outcome
    }
    outcome.sourceCommit = try? location.repository.resolve("HEAD").sha
    let problems = commitProblems(branch: branch, platform: platform, location: location, read: fs.recorded, allowDirty: request.allowDirty)
    guard problems.diagnostics.isEmpty else {
      outcome.compilation.diagnostics.append(contentsOf: problems.diagnostics)
      return outcome
    }
    let scopes = prepared.result.scopes + [KubernetesEmitter.gitopsScope]
    let fingerprint = InputFingerprint.compute([("head", fs.recorded)])
    let prefix = TreePath.join(location.prefix, prepared.result.outputPath)
    let message = commitMessage(
      request, scopes: prepared.result.scopes, sourceCommit: outcome.sourceCommit, dirty: problems.dirty, fingerprint: fingerprint)
    do throws(BranchCommit.Failure) {
      let engine = try BranchCommit(location: location, branch: branch, outputPrefix: prefix, scopes: scopes, tip: tip)
      var clock = PhaseClock()
      // Reuse the tip when it is a verified render of its source and most tenants render the same.
      let reuse: (source: String, elided: Set<String>)? = {
        guard !problems.dirty, let source = tip.source, let base = sides.base?.result, !base.diagnostics.hasErrors, let basePlatform = base.platform,
          let elided = platform.tenantsRenderingSame(as: basePlatform), !elided.isEmpty, elided.count * 2 >= platform.tenants.count,
          scopes.allSatisfy({ tip.verified[TreePath.join(prefix, $0)] != nil })
        else { return nil }
        return (source, elided)
      }()
      sides.base = nil  // only its platform was needed, to compare
      if let (source, elided) = reuse {
        let result = try bug { () throws(InternalError) in try Compilation.emit(prepared, compileRequest, elision: .paths(of: elided)) }
        clock.mark("render changed tenants", into: &outcome.compilation)
        if let rendered = result.artifacts,
          let done = try engine.commitChanged(
            rendered: rendered, paths: result.paths, base: source, message: message, sourceCommit: outcome.sourceCommit, fingerprint: fingerprint,
            maxDeletions: request.maxDeletions)
        {
          let timings = outcome.compilation.timings
          outcome.compilation = result
          outcome.compilation.timings = timings
          clock.mark("commit", into: &outcome.compilation)
          outcome.commit = done.result
          outcome.changes = done.changes
          outcome.reusedTenants = elided.count
          return outcome
        }
      }
      var streaming = compileRequest
      streaming.keepsArtifacts = false
      var result = try bug { () throws(InternalError) in
        try Compilation.emit(prepared, streaming, streamingTo: { _, _ in Emission.Sink { files throws(WriteError) in try engine.receive(files) } })
      }
      clock.mark("render and write blobs", into: &result)
      if let error = result.writeError {
        result.diagnostics.append(BranchCommit.failed(branch, error.message))
      }
      outcome.compilation = result
      guard !result.diagnostics.hasErrors else { return outcome }
      let done = try engine.commitReceived(
        message: message, sourceCommit: outcome.sourceCommit, dirty: problems.dirty, fingerprint: fingerprint, maxDeletions: request.maxDeletions)
      clock.mark("commit", into: &outcome.compilation)
      outcome.commit = done.result
      outcome.changes = done.changes
    } catch {
      switch error {
      case .diagnostic(let d): outcome.compilation.diagnostics.append(d)
      case .bug(let bug): throw bug
      }
    }
    return outcome
  }

  /// A compiler bug met inside the commit's `do`: carried out of it as `.bug`.
  private static func bug<T>(_ body: () throws(InternalError) -> T) throws(BranchCommit.Failure) -> T {
    do throws(InternalError) { return try body() } catch { throw .bug(error) }
  }

  /// The deploy commit's message: `--message` (or a summary naming the environments), and trailers
  /// naming the source commit (or saying the input was dirty) and the input's fingerprint.
  static func commitMessage(_ request: Request, scopes: [String], sourceCommit: String?, dirty: Bool, fingerprint: String) -> CommitMessage {
    let lines = (request.message ?? "paved apply: render \(scopes.joined(separator: ", "))").split(separator: "\n", omittingEmptySubsequences: false)
    // A render of uncommitted input names no commit it came from: HEAD does not hold it.
    var trailers =
      dirty ? [CommitMessage.Trailer("Paved-Source-Dirty", "true")] : [CommitMessage.Trailer("Paved-Source-Commit", sourceCommit ?? "none")]
    trailers.append(.init("Paved-Input-Fingerprint", fingerprint))
    return CommitMessage(summary: String(lines.first ?? ""), body: lines.dropFirst().joined(separator: "\n"), trailers: trailers)
  }
}

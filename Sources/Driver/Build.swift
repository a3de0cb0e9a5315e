import Artifacts
import Diagnostics
import EmitKubernetes
import OutputWriter
import VirtualFileSystem

/// Compiles and, when there are no errors, writes the rendered tree. A failed build writes nothing.
public enum Build {
  public struct Outcome: Sendable {
    public var compilation: CompileResult
    /// The directory written, when something was.
    public var writtenTo: String?
    public var filesWritten: Int
    /// CI files (workflows, CODEOWNERS) written or deleted beside the spec.
    public var ciFiles: [String] = []
  }

  /// - Parameters:
  ///   - root: directory holding platform.yaml (the working tree).
  ///   - outputOverride: `--out`, relative to the current directory; nil uses `spec.gitops.path`.
  ///   - durable: flush the new tree to disk before and after the swap (`--fsync`). Off by default: a
  ///     build is a compiler's output, written again by running it again; `paved apply` flushes.
  ///
  /// The files are streamed: each work item's files go into the output's staging directories as soon
  /// as they are emitted and checked, and are then dropped, so memory stays near the model's. Only
  /// when everything compiled, checked and staged are the directories swapped in; any failure
  /// before that removes what was staged and changes nothing.
  public static func run(root: String, request: CompileRequest, outputOverride: String?, durable: Bool = false) throws(InternalError) -> Outcome {
    let fs = LocalFileSystem(root: root)
    var request = request
    request.keepsArtifacts = false
    final class Opened: @unchecked Sendable {
      var session: TreeWriter.Session?
      var out = ""
    }
    let opened = Opened()
    var result: CompileResult
    do {
      result = try Compilation.compile(fs, request) { outputPath, scopes throws(WriteError) in
        let out = outputOverride ?? (root == "." ? outputPath : root + "/" + outputPath)
        opened.out = out
        // Apply's lock, so build and apply exclude each other (under .git/ inside a repository).
        let lock = ApplyRun.lockPath(out: out, location: try? RepositoryLocation.open(root))
        let session = try TreeWriter(root: out, durable: durable, lockPath: lock).begin(scopes: scopes + [KubernetesEmitter.gitopsScope])
        opened.session = session
        return Emission.Sink { files throws(WriteError) in try session.stage(files) }
      }
    } catch {
      opened.session?.abort()
      throw error
    }
    if let error = result.writeError {
      opened.session?.abort()
      result.diagnostics.append(ApplyRun.diagnostic(for: error, out: opened.out))
      return Outcome(compilation: result, writtenTo: nil, filesWritten: 0)
    }
    guard !result.diagnostics.hasErrors, let session = opened.session else {
      opened.session?.abort()
      return Outcome(compilation: result, writtenTo: nil, filesWritten: 0)
    }
    // CI files go beside the spec when the tree goes to its own place (not a scratch --out).
    var ciPending: CIFiles.Pending?
    if outputOverride == nil {
      switch CIFiles.prepare(root: root, platform: result.platform, durable: durable) {
      case .success(let pending): ciPending = pending
      case .failure(let box):
        session.abort()
        result.diagnostics.append(box.diagnostic)
        return Outcome(compilation: result, writtenTo: nil, filesWritten: 0)
      }
    }
    var clock = PhaseClock()
    do {
      try session.finish()
      clock.mark("write", into: &result)
    } catch {
      session.abort()
      result.diagnostics.append(ApplyRun.diagnostic(for: error, out: opened.out))
      return Outcome(compilation: result, writtenTo: nil, filesWritten: 0)
    }
    var outcome = Outcome(compilation: result, writtenTo: opened.out, filesWritten: result.paths.count)
    switch ciPending?.commit() {
    case .success(let paths)?: outcome.ciFiles = paths
    case .failure(let box)?: outcome.compilation.diagnostics.append(box.diagnostic)
    case nil: break
    }
    return outcome
  }
}

extension DiagnosticCode {
  public static let outputNotWritten = DiagnosticCode("output.not-written")
  public static let outputNotFlushed = DiagnosticCode("output.not-flushed")
  /// A scope could not be swapped in and the ones before it could not be swapped back.
  public static let outputPartlyWritten = DiagnosticCode("output.partly-written")
}

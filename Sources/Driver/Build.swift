import Artifacts
import Diagnostics
import EmitKubernetes
import VirtualFileSystem

/// Compiles and, when there are no errors, writes the rendered tree. A failed build writes nothing.
public enum Build {
  public struct Outcome: Sendable {
    public var compilation: CompileResult
    /// The directory written, when something was.
    public var writtenTo: String?
    public var filesWritten: Int
  }

  /// - Parameters:
  ///   - root: directory holding platform.yaml (the working tree).
  ///   - outputOverride: `--out`, relative to the current directory; nil uses `spec.gitops.path`.
  ///   - durable: flush the new tree to disk before and after the swap (`--fsync`). Off by default: a
  ///     build is a compiler's output, written again by running it again; `paved apply` flushes.
  public static func run(root: String, request: CompileRequest, outputOverride: String?, durable: Bool = false) throws(InternalError) -> Outcome {
    let fs = LocalFileSystem(root: root)
    var result = try Compilation.compile(fs, request)
    guard !result.diagnostics.hasErrors, let artifacts = result.artifacts else {
      return Outcome(compilation: result, writtenTo: nil, filesWritten: 0)
    }
    let out = outputOverride ?? (root == "." ? result.outputPath : root + "/" + result.outputPath)
    var clock = PhaseClock()
    do {
      try TreeWriter(root: out, durable: durable).write(artifacts, scopes: result.scopes + [KubernetesEmitter.gitopsScope])
      clock.mark("write", into: &result)
    } catch {
      result.diagnostics.append(ApplyRun.diagnostic(for: error, out: out))
      return Outcome(compilation: result, writtenTo: nil, filesWritten: 0)
    }
    return Outcome(compilation: result, writtenTo: out, filesWritten: artifacts.count)
  }
}

extension DiagnosticCode {
  public static let outputNotWritten = DiagnosticCode("output.not-written")
  public static let outputNotFlushed = DiagnosticCode("output.not-flushed")
  /// A scope could not be swapped in and the ones before it could not be swapped back.
  public static let outputPartlyWritten = DiagnosticCode("output.partly-written")
}

import Artifacts
import Diagnostics
import Policy
import SpecAST
import VirtualFileSystem

/// The outcome of `paved check`: the compilation, and the policy report on what it rendered.
public struct CheckResult: Sendable {
  public var compile: CompileResult
  public var report = PolicyReport()
  /// Compilation diagnostics followed by every policy diagnostic.
  public var diagnostics: Diagnostics
  public var sources: SourceCatalog { compile.sources }
}

/// Compile, then evaluate every policy: platform-scope rules on the platform, object-scope rules on
/// every emitted object. Returns values; never prints.
public enum PolicyCheck {
  public static func run(_ fs: any ReadOnlyFileSystem, _ request: CompileRequest, today: PolicyDate) throws(InternalError) -> CheckResult {
    let compiled = try Compilation.compile(fs, request)
    var result = CheckResult(compile: compiled, diagnostics: compiled.diagnostics)
    guard let platform = compiled.platform, let artifacts = compiled.artifacts else { return result }
    let engine = PolicyEngine(today: today, policyTexts: compiled.policies.texts)
    result.report = engine.evaluate(compiled.policies.policies, on: PolicyInput(platform: platform, artifacts: artifacts.artifacts))
    result.diagnostics.append(contentsOf: result.report.diagnostics)
    return result
  }
}

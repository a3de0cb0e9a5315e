import Artifacts
import Diagnostics
import EmitCI
import PlatformModel
import VirtualFileSystem

/// `paved ci check` and `paved ci changed-pins`: the spec's CI files compared with the working tree,
/// and the model pins a pull request changes.
public enum CIRun {
  public struct CheckOutcome: Sendable {
    public var diagnostics = Diagnostics()
    public var sources = SourceCatalog()
    /// Files whose contents differ from what the spec renders (empty: up to date).
    public var differences: [CIFiles.Difference] = []
  }

  /// Compiles the spec (without emitting manifests) and compares its CI files with `root`'s.
  public static func check(root: String, platformFile: String, displayPrefix: String) -> CheckOutcome {
    let prepared = Compilation.prepare(LocalFileSystem(root: root), CompileRequest(platformPath: platformFile, displayPrefix: displayPrefix))
    var outcome = CheckOutcome(diagnostics: prepared.result.diagnostics, sources: prepared.result.sources)
    guard prepared.ready else { return outcome }
    outcome.differences = CIFiles.differences(root: root, platform: prepared.result.platform)
    for d in outcome.differences {
      let what = d.actual == nil ? "is missing" : d.expected == nil ? "is no longer rendered by the spec" : "differs from what the spec renders"
      outcome.diagnostics.append(
        .error(
          .ciFilesStale, "\(displayPrefix)\(d.path) \(what)",
          notes: [DiagnosticNote("run `paved apply` (or `paved build`) and commit the result; hand edits to generated files are overwritten")]))
    }
    return outcome
  }

  /// A pin that differs between the base revision and the working tree.
  public struct ChangedPin: Sendable, Equatable {
    public var environment: String
    public var model: String
    public var artifact: String
  }

  public struct PinsOutcome: Sendable {
    public var diagnostics = Diagnostics()
    public var sources = SourceCatalog()
    public var pins: [ChangedPin] = []
  }

  /// Pins (and canaries) new or changed in the working tree since `base`, in environment order.
  public static func changedPins(root: String, platformFile: String, base: String, displayPrefix: String) -> PinsOutcome {
    let head = Compilation.prepare(LocalFileSystem(root: root), CompileRequest(platformPath: platformFile, displayPrefix: displayPrefix))
    var outcome = PinsOutcome(diagnostics: head.result.diagnostics, sources: head.result.sources)
    guard head.ready, let platform = head.result.platform else { return outcome }
    let before: Platform?
    do {
      let rendered = try BaseRender.prepare(root: root, platformFile: platformFile, revision: base, option: "--base")
      before = rendered.result?.diagnostics.hasErrors == false ? rendered.result?.platform : nil
    } catch {
      outcome.diagnostics.append(error.diagnostic)
      return outcome
    }
    for env in platform.environments {
      let old = before?.environments.first { $0.name == env.name }
      for pin in env.pins {
        let was = old?.pins.first { $0.model == pin.model }
        if was.map({ $0.version != pin.version || $0.artifact != pin.artifact || $0.digest != pin.digest }) ?? true {
          outcome.pins.append(ChangedPin(environment: env.name, model: pin.model, artifact: pin.artifact))
        }
        if let canary = pin.canary, was?.canary != canary {
          outcome.pins.append(ChangedPin(environment: env.name, model: pin.model, artifact: canary.artifact))
        }
      }
    }
    return outcome
  }

  /// The CI artifacts a plan compares: whole files, and Paved's CODEOWNERS block as a file of its own.
  static func planArtifacts(_ platform: Platform?) -> [Artifact] {
    guard let platform else { return [] }
    var out = CIEmitter.files(platform)
    if let codeowners = CIEmitter.codeowners(platform) {
      out.append(Artifact(path: codeowners.path, contents: Array(codeowners.block.utf8)))
    }
    return out
  }
}

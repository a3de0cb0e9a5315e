import ArgumentParser
import Driver
import Planning

/// `paved ci`: the CI files the spec renders.
struct CICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ci", abstract: "The CI files spec.ci renders: check they are up to date, list changed model pins.",
    subcommands: [CICheckCommand.self, CIChangedPinsCommand.self])
}

/// `paved ci check`: like `terraform fmt -check`, fails when a generated CI file was edited by hand
/// or not regenerated after a spec change, and prints the difference.
struct CICheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Fail (exit 1) when the committed CI files differ from what spec.ci renders; print the diff.")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let (root, file) = splitPlatformPath(global.platform)
    let prefix = displayPrefix(root)
    let outcome = CIRun.check(root: root, platformFile: file, displayPrefix: prefix)
    var result = CompileResult()
    result.diagnostics = outcome.diagnostics
    result.sources = outcome.sources
    for d in outcome.differences {
      let diff = LineDiff.unified(
        d.actual ?? "", d.expected ?? "", oldName: "\(prefix)\(d.path) (committed)", newName: "\(prefix)\(d.path) (rendered from the spec)")
      writeStderr(diff)
    }
    DiagnosticsView(format: global.format).show(
      result, extra: ["stale": .strings(outcome.differences.map(\.path))], successLine: "ok: the CI files match spec.ci")
    finish(hasErrors: result.diagnostics.hasErrors)
  }
}

/// `paved ci changed-pins --base REV`: one line per model pin new or changed since REV,
/// `ENVIRONMENT<TAB>MODEL<TAB>ARTIFACT`, for the pull-request job that validates them.
struct CIChangedPinsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "changed-pins", abstract: "List model pins (and canaries) new or changed since --base, as ENV<TAB>MODEL<TAB>ARTIFACT lines.")

  @OptionGroup var global: GlobalOptions

  @Option(name: .long, help: "Base revision to compare with, e.g. the pull request's base SHA.")
  var base: String

  func run() throws {
    let (root, file) = splitPlatformPath(global.platform)
    let outcome = CIRun.changedPins(root: root, platformFile: file, base: base, displayPrefix: displayPrefix(root))
    var result = CompileResult()
    result.diagnostics = outcome.diagnostics
    result.sources = outcome.sources
    if !outcome.diagnostics.hasErrors {
      for pin in outcome.pins { print("\(pin.environment)\t\(pin.model)\t\(pin.artifact)") }
    }
    DiagnosticsView(format: .text).show(result)
    finish(hasErrors: result.diagnostics.hasErrors)
  }
}

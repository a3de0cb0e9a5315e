import ArgumentParser
import Driver
import JSONWriting

/// `paved build`: compile and write the rendered tree (nothing is written when there is any error).
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build", abstract: "Render manifests for every (or each given) environment.")

  @OptionGroup var global: GlobalOptions

  @Option(name: .customLong("env"), help: "Environment to render; repeat for several. Default: all.")
  var environments: [String] = []

  @Option(name: .long, help: "Output directory. Default: spec.gitops.path beside platform.yaml.")
  var out: String?

  @Flag(name: .customLong("fsync"), help: "Flush the written files to disk before and after the swap, as `paved apply` does.")
  var fsync = false

  func run() throws {
    let (root, file) = splitPlatformPath(global.platform)
    let request = CompileRequest(
      platformPath: file, environments: environments.isEmpty ? nil : environments, displayPrefix: displayPrefix(root))
    let outcome: Build.Outcome
    do {
      outcome = try Build.run(root: root, request: request, outputOverride: out, durable: fsync)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    let written = outcome.writtenTo ?? ""
    DiagnosticsView(format: global.format).show(
      outcome.compilation,
      extra: ["output": .string(written), "files": .integer(outcome.filesWritten), "environments": .strings(outcome.compilation.scopes)],
      successLine: "wrote \(outcome.filesWritten) files to \(written) (\(outcome.compilation.scopes.joined(separator: ", ")))")
    if global.timings { DiagnosticsView.showTimings(outcome.compilation.timings) }
    finish(hasErrors: outcome.compilation.diagnostics.hasErrors)
  }
}

import ArgumentParser
import Driver
import VirtualFileSystem

/// `paved validate`: load, check and compile everything; write nothing.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check platform.yaml and the environment files; write nothing.")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let (root, file) = splitPlatformPath(global.platform)
    let result: CompileResult
    do {
      var request = CompileRequest(platformPath: file, displayPrefix: displayPrefix(root))
      request.keepsArtifacts = false
      result = try Compilation.compile(LocalFileSystem(root: root), request)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    let objects = result.paths.count
    DiagnosticsView(format: global.format).show(
      result, extra: ["objects": .integer(objects)],
      successLine: "ok: \(global.platform) is valid (\(result.scopes.count) environments, \(objects) files would be rendered)")
    if global.timings { DiagnosticsView.showTimings(result.timings) }
    finish(hasErrors: result.diagnostics.hasErrors)
  }
}

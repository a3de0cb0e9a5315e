import ArgumentParser
import Driver
import VirtualFileSystem

/// `paved validate`: load, check and compile everything; write nothing.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check platform.yaml and the environment files; write nothing.")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let result = try compileInMemory(global.platform)
    let objects = result.paths.count
    DiagnosticsView(format: global.format).show(
      result, extra: ["objects": .integer(objects)],
      successLine: "ok: \(global.platform) is valid (\(result.scopes.count) environments, \(objects) files would be rendered)")
    if global.timings { DiagnosticsView.showTimings(result.timings) }
    finish(hasErrors: result.diagnostics.hasErrors)
  }
}

/// Compiles the platform at `platformPath` keeping only paths (nothing is written); an internal
/// error ends the process with its exit code.
func compileInMemory(_ platformPath: String) throws -> CompileResult {
  let (root, file) = splitPlatformPath(platformPath)
  do {
    var request = CompileRequest(platformPath: file, displayPrefix: displayPrefix(root))
    request.keepsArtifacts = false
    return try Compilation.compile(LocalFileSystem(root: root), request)
  } catch {
    throw ExitCode(DiagnosticsView.internalError(error))
  }
}

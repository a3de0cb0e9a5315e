import Diagnostics
import Driver
import JSONWriting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints diagnostics once, at the edge, in the requested format.
struct DiagnosticsView {
  let format: OutputFormat

  /// Renders diagnostics plus command results; text goes to stderr, machine formats to stdout.
  func show(_ result: CompileResult, extra: [String: JSON] = [:], successLine: String? = nil) {
    switch format {
    case .text:
      let text = TextRenderer(catalog: result.sources).render(result.diagnostics)
      if !text.isEmpty { writeStderr(text) }
      if let successLine, !result.diagnostics.hasErrors { print(successLine) }
    case .json:
      var fields = extra
      fields["ok"] = .bool(!result.diagnostics.hasErrors)
      print(JSONDiagnosticRenderer.render(result.diagnostics, result: fields), terminator: "")
    case .github:
      print(GitHubDiagnosticRenderer.render(result.diagnostics), terminator: "")
      if let successLine, !result.diagnostics.hasErrors { print(successLine) }
    }
  }

  /// Prints phase timings to stderr.
  static func showTimings(_ timings: [(phase: String, seconds: Double)]) {
    let lines = timings.map { "timing \($0.phase): \(Int(($0.seconds * 1000).rounded())) ms" }
    writeStderr(lines.joined(separator: "\n") + "\n")
  }

  /// Reports a compiler bug and returns the exit code for it.
  static func internalError(_ error: InternalError) -> Int32 {
    writeStderr("internal error: \(error.description)\nThis is a bug in paved, not in your input; please report it with the command you ran.\n")
    return 70
  }
}

func writeStderr(_ text: String) {
  var copy = text
  copy.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}

/// How files under `root` are named in diagnostics: as the user would reach them from here.
func displayPrefix(_ root: String) -> String {
  root == "." ? "" : (root.hasSuffix("/") ? root : root + "/")
}

/// Splits `--platform dir/platform.yaml` into the directory to read and the file name inside it.
/// A bare file name that is not here is looked for in the parent directories, up to the
/// repository's root (the first directory holding `.git`), as git finds its own directory: running
/// from `environments/` finds the platform above it.
func splitPlatformPath(_ path: String) -> (root: String, file: String) {
  if !path.contains("/"), access(path, F_OK) != 0, access(".git", F_OK) != 0 {
    var up = ".."
    for _ in 0..<32 {
      if access(up + "/" + path, F_OK) == 0 { return (up, path) }
      if access(up + "/.git", F_OK) == 0 || realpathIsRoot(up) { break }
      up += "/.."
    }
  }
  guard let slash = path.lastIndex(of: "/") else { return (".", path) }
  let root = String(path[..<slash])
  return (root.isEmpty ? "/" : root, String(path[path.index(after: slash)...]))
}

/// Whether `path` is the file system's root.
func realpathIsRoot(_ path: String) -> Bool {
  guard let resolved = realpath(path, nil) else { return true }
  defer { free(resolved) }
  return String(cString: resolved) == "/"
}

/// Ends the process now with `code`, flushing output but skipping the teardown of large in-memory
/// results (hundreds of thousands of objects take longer to free than to build; the OS reclaims them).
func finish(hasErrors: Bool) -> Never {
  exit(hasErrors ? 1 : 0)
}

import Foundation

/// Locations in the source tree, found through `#filePath` so tests work from any directory.
public enum RepoPaths {
  /// The package root (the directory holding Package.swift).
  public static let packageRoot: URL = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }()

  /// `../shared` beside the package root, or `PAVED_SHARED_DIR`; nil when absent.
  public static var sharedDirectory: URL? {
    if let env = ProcessInfo.processInfo.environment["PAVED_SHARED_DIR"], !env.isEmpty {
      let url = URL(fileURLWithPath: env)
      return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    return FileManager.default.fileExists(atPath: url.appendingPathComponent("k8s/validate_manifests.py").path) ? url : nil
  }

  /// The project's Python venv interpreter (made by `make venv`), if present.
  public static var venvPython: String? {
    let path = packageRoot.appendingPathComponent(".venv/bin/python").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  /// The built `paved` binary next to the test bundle, if present.
  public static var pavedBinary: String? {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("paved").path,
      packageRoot.appendingPathComponent(".build/debug/paved").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// A fresh temporary directory, removed by the caller.
  public static func temporaryDirectory(_ prefix: String = "paved-test") -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

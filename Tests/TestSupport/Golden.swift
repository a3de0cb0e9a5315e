import Foundation
import XCTest

/// Golden-file comparison of a whole rendered tree.
///
/// `UPDATE_GOLDENS=1` rewrites the golden directory from the actual output; `UPDATE_GOLDENS=diff`
/// only lists what would change. Either way a run that found a difference fails, so a recording run
/// can never pass for a verifying one (`make update-goldens` records, then verifies). CI never sets it.
public enum Golden {
  public enum Mode { case verify, update, preview }

  public static var mode: Mode {
    switch ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] {
    case "1", "true", "yes": return .update
    case "diff": return .preview
    default: return .verify
    }
  }

  /// Compares `files` (relative path → bytes) with the directory `golden`.
  public static func assertTree(_ files: [String: [UInt8]], matches golden: URL, file: StaticString = #filePath, line: UInt = #line) {
    let fm = FileManager.default
    var existing: [String: [UInt8]] = [:]
    if let walker = fm.enumerator(at: golden, includingPropertiesForKeys: [.isRegularFileKey]) {
      for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        let relative = String(url.path.dropFirst(golden.path.count + 1))
        existing[relative] = (try? Data(contentsOf: url)).map { Array($0) } ?? []
      }
    }
    let changed = Set(files.keys).union(existing.keys).filter { files[$0] != existing[$0] }.sorted()
    switch mode {
    case .update:
      try? fm.removeItem(at: golden)
      for (path, bytes) in files {
        let url = golden.appendingPathComponent(path)
        try? fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(bytes).write(to: url)
      }
      if !changed.isEmpty {
        print("Recorded new golden files in \(golden.path): \(changed.count) changed")
        XCTFail(
          "recorded \(changed.count) changed golden file(s) in \(golden.path): review the diff, then run the tests without UPDATE_GOLDENS",
          file: file, line: line)
      }
    case .preview:
      for path in changed { print("golden would change: \(path)") }
      if !changed.isEmpty { XCTFail("\(changed.count) golden file(s) would change in \(golden.path)", file: file, line: line) }
    case .verify:
      if existing.isEmpty {
        XCTFail("no golden files at \(golden.path); run `make update-goldens` and review them", file: file, line: line)
        return
      }
      for path in changed.prefix(20) {
        let reason = existing[path] == nil ? "not in golden" : files[path] == nil ? "missing from output" : "differs"
        XCTFail("\(path): \(reason) (golden: \(golden.path)); run `make update-goldens` if the change is intended", file: file, line: line)
      }
    }
  }
}

import Driver
import Foundation
import TestSupport
import VirtualFileSystem
import XCTest

/// Random byte-level mutations of real specs: the compiler reports or accepts, it never traps,
/// and it never returns artifacts together with an error.
final class MutationTests: XCTestCase {
  func testMutatedSpecsNeverTrap() throws {
    let root = RepoPaths.packageRoot
    var files: [String: [UInt8]] = [:]
    for path in ["platform.yaml", "environments/dev.yaml", "environments/staging.yaml", "environments/prod.yaml"] {
      files[path] = Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
    let interesting: [UInt8] = Array(":-[]{},&*!|>'\"%@`#\t\n 0aZ\u{0}".utf8) + [0xFF, 0xC3]
    var rng = SplitMix64(state: 20_261_122)
    var accepted = 0
    var rejected = 0
    for _ in 0..<400 {
      var mutated = files
      let target = ["platform.yaml", "environments/prod.yaml"][rng.below(2)]
      var bytes = mutated[target] ?? []
      for _ in 0..<(1 + rng.below(4)) {
        let at = rng.below(bytes.count)
        switch rng.below(4) {
        case 0: bytes[at] = interesting[rng.below(interesting.count)]
        case 1: bytes.insert(interesting[rng.below(interesting.count)], at: at)
        case 2: bytes.remove(at: at)
        default:
          let end = min(bytes.count, at + rng.below(40))
          bytes.insert(contentsOf: bytes[at..<end], at: at)
        }
      }
      mutated[target] = bytes
      let result = try Compilation.compile(InMemoryFileSystem(files: mutated), CompileRequest())
      if result.diagnostics.hasErrors {
        rejected += 1
        XCTAssertNil(result.artifacts)
        for d in result.diagnostics where d.severity == .error {
          XCTAssertFalse(d.code.rawValue.isEmpty)
          XCTAssertFalse(d.summary.isEmpty)
          XCTAssertNotNil(d.range, "every error about a file is located: \(d.code) \(d.summary)")
        }
      } else {
        accepted += 1
        XCTAssertNotNil(result.artifacts)
      }
    }
    XCTAssertGreaterThan(rejected, 100, "mutations must mostly produce errors (accepted \(accepted))")
  }
}

import CEL
import Foundation
import XCTest

/// A compiled program evaluated many times gives the same answer every time. The throughput figure
/// (1,000,000 evaluations) is measured by `make bench` (paved-bench), not asserted here.
final class PerformanceTests: XCTestCase {
  func testCompiledProgramThroughput() throws {
    let program = try CELProgram(compiling: "object.replicas <= 10 && object.name.startsWith('a')")
    let object: CELValue = ["replicas": 3, "name": "alpha"]
    let bindings: [String: CELValue] = ["object": object]
    let iterations = 100_000
    var trueCount = 0
    let start = DispatchTime.now()
    for _ in 0..<iterations where try program.evaluate(bindings: bindings) == .bool(true) {
      trueCount += 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    print(
      String(
        format: "CEL throughput: %d evaluations in %.3f s (%.0f ns/eval)", iterations, seconds,
        seconds * 1e9 / Double(iterations)))
    XCTAssertEqual(trueCount, iterations)
  }
}

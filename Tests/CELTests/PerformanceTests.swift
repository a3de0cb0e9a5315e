import CEL
import Foundation
import XCTest

/// Throughput of a compiled simple expression (the project budget: 1,000,000 evaluations ≤ 1 s in release).
final class PerformanceTests: XCTestCase {
  func testCompiledProgramThroughput() throws {
    let program = try CELProgram(compiling: "object.replicas <= 10 && object.name.startsWith('a')")
    let object: CELValue = ["replicas": 3, "name": "alpha"]
    let bindings: [String: CELValue] = ["object": object]
    #if DEBUG
      let iterations = 100_000
    #else
      let iterations = 1_000_000
    #endif
    var trueCount = 0
    let start = DispatchTime.now()
    for _ in 0..<iterations where try program.evaluate(bindings: bindings) == .bool(true) {
      trueCount += 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    print(String(format: "CEL throughput: %d evaluations in %.3f s (%.0f ns/eval)", iterations, seconds,
      seconds * 1e9 / Double(iterations)))
    XCTAssertEqual(trueCount, iterations)
    #if !DEBUG
      XCTAssertLessThanOrEqual(seconds, 1.0, "1,000,000 evaluations must take at most 1 s in release builds")
    #endif
  }
}

import CEL
import Foundation
import XCTest

/// The largest expressions the default limits accept must compile and run on a 512 KiB thread stack
/// (the size of secondary threads on Darwin).
final class StackSafetyTests: XCTestCase {
  func testWorstCaseAcceptedExpressionsOnSmallStack() {
    let limits = CELParserLimits()
    let chain = Array(repeating: "1", count: limits.maxTreeDepth - 2).joined(separator: " + ")
    let depth = limits.maxNesting / 2 - 2  // each level enters the expression and the bracket rule
    let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    let listDepth = limits.maxNesting / 3 - 2
    let lists = String(repeating: "[", count: listDepth) + String(repeating: "]", count: listDepth)
    let selects = "{'b': 1}" + String(repeating: ".b", count: limits.maxTreeDepth - 5)
    let results = ResultBox()
    let thread = Thread {
      results.set("chain", try? CELProgram(compiling: chain).evaluate())
      results.set("parens", try? CELProgram(compiling: parens).evaluate())
      results.set("lists", try? CELProgram(compiling: lists).evaluate())
      results.set("selects", (try? CELProgram(compiling: selects)) != nil ? .bool(true) : nil)
      results.finish()
    }
    thread.stackSize = 512 * 1024
    thread.start()
    XCTAssertTrue(results.wait(seconds: 60))
    XCTAssertEqual(results.get("chain"), .int(Int64(limits.maxTreeDepth - 2)))
    XCTAssertEqual(results.get("parens"), .int(1))
    XCTAssertNotNil(results.get("lists"))
    XCTAssertEqual(results.get("selects"), .bool(true))
  }
}

final class ResultBox: @unchecked Sendable {
  private let lock = NSCondition()
  private var values: [String: CELValue] = [:]
  private var done = false

  func set(_ key: String, _ value: CELValue?) {
    lock.lock()
    values[key] = value
    lock.unlock()
  }

  func get(_ key: String) -> CELValue? {
    lock.lock()
    defer { lock.unlock() }
    return values[key]
  }

  func finish() {
    lock.lock()
    done = true
    lock.broadcast()
    lock.unlock()
  }

  func wait(seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    lock.lock()
    defer { lock.unlock() }
    while !done {
      if !lock.wait(until: deadline) { return done }
    }
    return true
  }
}

import CEL
import Foundation
import XCTest

final class EvaluatorTests: XCTestCase {
  func testErrorAbsorptionIsCommutative() throws {
    XCTAssertEqual(try eval("1/0 == 1 || true"), .bool(true))
    XCTAssertEqual(try eval("true || 1/0 == 1"), .bool(true))
    XCTAssertEqual(try eval("1/0 == 1 && false"), .bool(false))
    XCTAssertEqual(try eval("false && 1/0 == 1"), .bool(false))
    XCTAssertEqual(evalError("1/0 == 1 || false")?.kind, .evaluation)
    XCTAssertEqual(evalError("true && 1/0 == 1")?.kind, .evaluation)
    XCTAssertEqual(try eval("true ? 1 : 1/0"), .int(1))
    XCTAssertEqual(try eval("[1, 2, 0].exists(x, 4 / x == 2)"), .bool(true))
    XCTAssertEqual(try eval("[0, 2].all(x, 4 / x == 1)"), .bool(false))
  }

  func testEvaluationErrorCarriesLocation() {
    let error = evalError("1 +\n  2 / 0")
    XCTAssertEqual(error?.kind, .evaluation)
    XCTAssertEqual(error?.location?.line, 2)
    XCTAssertEqual(error?.location?.column, 5)
  }

  func testOverflowAndCrossTypeNumbers() throws {
    XCTAssertEqual(evalError("9223372036854775807 + 1")?.kind, .evaluation)
    XCTAssertEqual(evalError("0u - 1u")?.kind, .evaluation)
    XCTAssertEqual(try eval("1 == 1.0 && 1u == 1 && 2 > 1.5 && 3u < 4"), .bool(true))
    XCTAssertEqual(try eval("{1: 'a'}[1u]"), .string("a"))
  }

  func testCostLimitStopsHostileComprehensions() {
    let range = "[" + (0..<100).map(String.init).joined(separator: ",") + "]"
    let expr = "\(range).map(a, \(range).map(b, \(range).map(c, a + b + c))).size()"
    let start = Date()
    let error = evalError(expr)
    XCTAssertEqual(error?.kind, .costLimitExceeded)
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
  }

  func testCostLimitStopsStringDoubling() {
    var expr = "'0123456789'"
    for level in 0..<12 { expr = "cel.bind(s\(level), \(expr), s\(level) + s\(level) + s\(level) + s\(level))" }
    XCTAssertEqual(evalError("size(\(expr))")?.kind, .costLimitExceeded)
  }

  func testConfigurableCostLimit() throws {
    let tight = CELEnvironment(costLimit: 10)
    XCTAssertEqual(evalError("[1, 2, 3, 4, 5, 6, 7, 8].all(x, x > 0)", environment: tight)?.kind, .costLimitExceeded)
    XCTAssertEqual(try eval("[1, 2, 3].all(x, x > 0)"), .bool(true))
  }

  func testCompiledProgramIsReusableAcrossInputsAndThreads() throws {
    let program = try CELProgram(compiling: "object.spec.replicas > 3 && object.metadata.name.startsWith('web')")
    @Sendable func input(_ replicas: Int64, _ name: String) -> [String: CELValue] {
      ["object": .map(CELMap(["spec": ["replicas": .int(replicas)], "metadata": ["name": .string(name)]]))]
    }
    XCTAssertEqual(try program.evaluate(bindings: input(5, "web-1")), .bool(true))
    XCTAssertEqual(try program.evaluate(bindings: input(2, "web-1")), .bool(false))
    XCTAssertEqual(try program.evaluate(bindings: input(9, "db")), .bool(false))
    let failures = LockedCounter()
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      for i in 0..<500 {
        let replicas = Int64((worker + i) % 7)
        let expected = replicas > 3
        if (try? program.evaluate(bindings: input(replicas, "web"))) != .bool(expected) { failures.increment() }
      }
    }
    XCTAssertEqual(failures.value, 0)
  }

  func testJSONConversion() throws {
    let json = Data(#"{"spec": {"replicas": 3, "ratio": 0.5, "enabled": true, "tags": ["a", "b"], "none": null}}"#.utf8)
    let object = try CELValue(json: json)
    let bindings = ["object": object]
    XCTAssertEqual(try eval("object.spec.replicas == 3", bindings), .bool(true))
    XCTAssertEqual(try eval("type(object.spec.ratio) == double", bindings), .bool(true))
    XCTAssertEqual(try eval("object.spec.enabled && 'b' in object.spec.tags", bindings), .bool(true))
    XCTAssertEqual(try eval("object.spec.none == null && !has(object.spec.missing)", bindings), .bool(true))
    XCTAssertEqual(try eval("object.?spec.?missing.orValue(7)", bindings), .int(7))
  }

  func testSwiftNativeConversion() throws {
    let native: [String: Any] = [
      "int": 1, "bool": true, "double": 2.5, "string": "x", "list": [1, 2], "null": NSNull(),
      "big": UInt64.max, "int32": Int32(7), "nested": ["k": ["v": false]],
    ]
    let value = try CELValue(any: native)
    let bindings = ["o": value]
    XCTAssertEqual(try eval("type(o.int) == int && type(o.bool) == bool && type(o.double) == double", bindings), .bool(true))
    XCTAssertEqual(try eval("o.big == 18446744073709551615u && o.int32 == 7 && o.null == null", bindings), .bool(true))
    XCTAssertEqual(try eval("o.list.sum() == 3 && !o.nested.k.v && o.string == 'x'", bindings), .bool(true))
    XCTAssertThrowsError(try CELValue(any: NSObject()))
  }

  func testTimestampsAndDurations() throws {
    XCTAssertEqual(try eval("timestamp('2009-02-13T23:31:30Z').getHours('Asia/Kathmandu')"), .int(5))
    XCTAssertEqual(try eval("timestamp('2009-02-13T23:31:30Z').getHours('-02:30')"), .int(21))
    XCTAssertEqual(try eval("duration('1h30m') + duration('30m') == duration('2h')"), .bool(true))
    XCTAssertEqual(try eval("string(timestamp('2024-01-01T00:00:00Z') + duration('1.5s'))"), .string("2024-01-01T00:00:01.5Z"))
  }
}

final class LockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() {
    lock.lock()
    count += 1
    lock.unlock()
  }
  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
}

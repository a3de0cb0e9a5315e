import CEL
import XCTest

final class ParserTests: XCTestCase {
  func testSyntaxErrorPositionOnFirstLine() {
    let error = evalError("1 + ")
    XCTAssertEqual(error?.kind, .parse)
    XCTAssertEqual(error?.location?.line, 1)
    XCTAssertEqual(error?.location?.column, 5)
  }

  func testSyntaxErrorPositionOnLaterLine() {
    let error = evalError("a &&\n  (b ||\n   c")
    XCTAssertEqual(error?.kind, .parse)
    XCTAssertEqual(error?.location?.line, 3)
    XCTAssertEqual(error?.location?.column, 5)
  }

  func testUnexpectedCharacterAndBadEscape() {
    XCTAssertEqual(evalError("1 # 2")?.location?.column, 3)
    XCTAssertEqual(evalError("'a\\qb'")?.location?.column, 3)
    XCTAssertEqual(evalError("'unterminated")?.kind, .parse)
  }

  func testReservedIdentifiersAndIntRange() {
    XCTAssertEqual(evalError("if + 1")?.kind, .parse)
    XCTAssertEqual(evalError("9223372036854775808")?.kind, .parse)
    XCTAssertEqual(try eval("-9223372036854775808"), .int(Int64.min))
    XCTAssertEqual(evalError("has(a)")?.kind, .parse)
  }

  func testNodesCarryOffsets() throws {
    let program = try CELProgram(compiling: "a +\n  b")
    guard case .call(_, "_+_", let args) = program.ast.kind else { return XCTFail("not a call") }
    XCTAssertEqual(program.ast.offset, 2)
    XCTAssertEqual(args[1].offset, 6)
  }

  func testDeepNestingIsAnErrorNotACrash() {
    let parens = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    XCTAssertEqual(evalError(parens)?.kind, .parse)
    let lists = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    XCTAssertEqual(evalError(lists)?.kind, .parse)
    let chain = Array(repeating: "1", count: 20000).joined(separator: " + ")
    XCTAssertEqual(evalError(chain)?.kind, .parse)
    let selects = "a" + String(repeating: ".b", count: 20000)
    XCTAssertEqual(evalError(selects)?.kind, .parse)
    let negations = String(repeating: "!", count: 20000) + "true"
    XCTAssertEqual(evalError(negations)?.kind, .parse)
  }

  func testLiterals() throws {
    XCTAssertEqual(try eval("0x1F"), .int(31))
    XCTAssertEqual(try eval("0x1Fu"), .uint(31))
    XCTAssertEqual(try eval("1e3"), .double(1000))
    XCTAssertEqual(try eval("r'\\d+'"), .string("\\d+"))
    XCTAssertEqual(try eval("'''multi\nline'''"), .string("multi\nline"))
    XCTAssertEqual(try eval("b'\\xff\\x00'"), .bytes([0xFF, 0]))
    XCTAssertEqual(try eval("'\\u00e9'"), .string("é"))
  }

  func testDeclaredVariablesAreCheckedAtCompileTime() throws {
    var environment = CELEnvironment()
    environment.declaredVariables = ["object", "params"]
    XCTAssertNoThrow(try CELProgram(compiling: "object.spec.x > params.limit && [1].all(i, i > 0)", environment: environment))
    XCTAssertNoThrow(try CELProgram(compiling: "type(object) == map", environment: environment))
    let error = evalError("object.x == 1 &&\n  oldObject.x == 1", environment: environment)
    XCTAssertEqual(error?.kind, .compile)
    XCTAssertEqual(error?.location?.line, 2)
    XCTAssertEqual(error?.location?.column, 3)
  }

  func testUnknownFunctionIsACompileErrorWithLocation() {
    let error = evalError("1 + frobnicate(2)")
    XCTAssertEqual(error?.kind, .compile)
    XCTAssertEqual(error?.location?.column, 5)
  }
}

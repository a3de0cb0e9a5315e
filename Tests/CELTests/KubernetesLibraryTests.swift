import CEL
import XCTest

final class KubernetesLibraryTests: XCTestCase {
  func testRE2RejectsNonRE2Syntax() {
    XCTAssertEqual(evalError("'aa'.matches('(a)\\\\1')")?.kind, .evaluation)
    XCTAssertEqual(evalError("'x'.matches('(?=x)')")?.kind, .evaluation)
    XCTAssertEqual(evalError("'x'.matches('(?!x)')")?.kind, .evaluation)
    XCTAssertEqual(evalError("'x'.matches('(?<=x)y')")?.kind, .evaluation)
    XCTAssertEqual(evalError("'aaa'.matches('a*+')")?.kind, .evaluation)
    XCTAssertEqual(evalError("'aaa'.matches('(?>a)')")?.kind, .evaluation)
  }

  func testRegexMatching() throws {
    XCTAssertEqual(try eval("'abc'.matches('^a.c$')"), .bool(true))
    XCTAssertEqual(try eval("'xabcx'.matches('b')"), .bool(true))
    XCTAssertEqual(try eval("'ABC'.matches('(?i)^abc$')"), .bool(true))
    XCTAssertEqual(try eval("'a1b22c333'.findAll('[0-9]+')"), .list(["1", "22", "333"]))
    XCTAssertEqual(try eval("'a1b22c333'.findAll('[0-9]+', 2)"), .list(["1", "22"]))
    XCTAssertEqual(try eval("'hello world'.find('w\\\\w+')"), .string("world"))
    XCTAssertEqual(try eval("'hello'.find('z')"), .string(""))
    XCTAssertEqual(try eval("'aaa'.find('a+?')"), .string("a"))
    XCTAssertEqual(try eval("'foo-bar'.matches('^[a-z]+(-[a-z]+)*$')"), .bool(true))
  }

  func testRegexUnicodeClasses() throws {
    XCTAssertEqual(try eval("'é'.matches('^\\\\pL$') && !'1'.matches('^\\\\pL$')"), .bool(true))
    XCTAssertEqual(try eval("'ß'.matches('^[\\\\p{Ll}]$') && 'Ω'.matches('^\\\\p{Greek}$')"), .bool(true))
    XCTAssertEqual(try eval("!'a'.matches('^[\\\\PL]$') && '1'.matches('^[\\\\PL]$')"), .bool(true))
    XCTAssertEqual(try eval("'٣'.matches('^\\\\d$')"), .bool(false))
    XCTAssertEqual(evalError("'a'.matches('\\\\p{Bogus}')")?.kind, .evaluation)
  }

  func testRegexIsLinearOnPathologicalPattern() throws {
    let input = String(repeating: "a", count: 5000)
    XCTAssertEqual(try eval("s.matches('^(a+)+$')", ["s": .string(input)]), .bool(true))
    XCTAssertEqual(try eval("s.matches('^(a|aa)*b$')", ["s": .string(input)]), .bool(false))
  }

  func testRegexOnHugeInputIsBoundedByCost() {
    let input = String(repeating: "ab", count: 500_000)
    let error = evalError("s.matches('^(a|b|c|d){1,200}x')", ["s": .string(input)])
    XCTAssertEqual(error?.kind, .costLimitExceeded)
  }

  func testQuantities() throws {
    XCTAssertEqual(try eval("quantity('1Gi').isGreaterThan(quantity('1G'))"), .bool(true))
    XCTAssertEqual(try eval("quantity('500m').compareTo(quantity('0.5'))"), .int(0))
    XCTAssertEqual(try eval("quantity('500m').isLessThan(quantity('1'))"), .bool(true))
    XCTAssertEqual(try eval("quantity('2Ki').asInteger()"), .int(2048))
    XCTAssertEqual(try eval("quantity('1.5').isInteger()"), .bool(false))
    XCTAssertEqual(try eval("quantity('1k').add(24).asInteger()"), .int(1024))
    XCTAssertEqual(try eval("quantity('1k').sub(quantity('1')).asInteger()"), .int(999))
    XCTAssertEqual(try eval("quantity('-3e2').sign()"), .int(-1))
    XCTAssertEqual(try eval("quantity('100Mi').asApproximateFloat()"), .double(104_857_600))
    XCTAssertEqual(try eval("isQuantity('1.5.2') || isQuantity('5Qi') || isQuantity('')"), .bool(false))
    XCTAssertEqual(try eval("isQuantity('+4.5E3')"), .bool(true))
    XCTAssertEqual(evalError("quantity('1.5').asInteger()")?.kind, .evaluation)
    XCTAssertEqual(evalError("quantity('abc')")?.kind, .evaluation)
  }

  func testListLibrary() throws {
    XCTAssertEqual(try eval("[1, 2, 3].sum()"), .int(6))
    XCTAssertEqual(try eval("[1.5, 2.5].sum()"), .double(4))
    XCTAssertEqual(try eval("[].sum()"), .int(0))
    XCTAssertEqual(try eval("[3, 1, 2].min()"), .int(1))
    XCTAssertEqual(try eval("['b', 'c', 'a'].max()"), .string("c"))
    XCTAssertEqual(try eval("[1, 2, 2, 3].isSorted() && ![2, 1].isSorted()"), .bool(true))
    XCTAssertEqual(try eval("[1, 2, 3, 2].indexOf(2)"), .int(1))
    XCTAssertEqual(try eval("[1, 2, 3, 2].lastIndexOf(2)"), .int(3))
    XCTAssertEqual(evalError("[].min()")?.kind, .evaluation)
    let pools: CELValue = .list([["gpus": 4], ["gpus": 8]])
    XCTAssertEqual(try eval("pools.map(p, p.gpus).sum() <= 16", ["pools": pools]), .bool(true))
  }
}

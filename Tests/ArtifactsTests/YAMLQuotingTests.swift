import XCTest

@testable import Artifacts

/// The plain-scalar decision's bit mask matches the allowed character set it replaced, byte for byte.
final class YAMLQuotingTests: XCTestCase {
  func testMaskMatchesAllowedSet() {
    let allowed = YAMLQuoting.allowedSet
    XCTAssertEqual(allowed.count, 62 + 15)
    for b in 0...255 {
      XCTAssertEqual(YAMLQuoting.isAllowed(UInt8(b)), allowed.contains(UInt8(b)), "byte \(b)")
    }
  }

  func testPlainDecisions() {
    XCTAssertTrue(YAMLQuoting.isPlainSafe("team-00001-dev"))
    XCTAssertTrue(YAMLQuoting.isPlainSafe("app.kubernetes.io/managed-by"))
    XCTAssertFalse(YAMLQuoting.isPlainSafe("yes"))
    XCTAssertFalse(YAMLQuoting.isPlainSafe("1.30"))
    XCTAssertFalse(YAMLQuoting.isPlainSafe("a: b"))
    XCTAssertFalse(YAMLQuoting.isPlainSafe("ünïcode"))
    XCTAssertFalse(YAMLQuoting.isPlainSafe("a#b"))
  }
}

import CEL
import XCTest

final class KubernetesExtrasTests: XCTestCase {
  func testURLs() throws {
    XCTAssertEqual(try eval("url('https://example.com:80/').getHost()"), .string("example.com:80"))
    XCTAssertEqual(try eval("url('https://[::1]:80/').getHostname()"), .string("::1"))
    XCTAssertEqual(try eval("url('https://[::1]:80/').getPort()"), .string("80"))
    XCTAssertEqual(try eval("url('https://example.com/').getPort()"), .string(""))
    XCTAssertEqual(try eval("url('/absolute-path').getScheme()"), .string(""))
    XCTAssertEqual(try eval("url('https://example.com/path with spaces/').getEscapedPath()"), .string("/path%20with%20spaces/"))
    XCTAssertEqual(
      try eval("url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}"),
      .bool(true))
    XCTAssertEqual(try eval("isURL('https://example.com:80/') && isURL('/absolute-path')"), .bool(true))
    XCTAssertEqual(try eval("isURL('../relative-path') || isURL('example.com') || isURL('')"), .bool(false))
    XCTAssertEqual(evalError("url('not a url')")?.kind, .evaluation)
  }

  func testSemver() throws {
    XCTAssertEqual(try eval("semver('1.2.3').major() == 1 && semver('1.2.3').minor() == 2 && semver('1.2.3').patch() == 3"), .bool(true))
    XCTAssertEqual(try eval("semver('1.2.3').isLessThan(semver('1.10.0'))"), .bool(true))
    XCTAssertEqual(try eval("semver('1.0.0-alpha').isLessThan(semver('1.0.0'))"), .bool(true))
    XCTAssertEqual(try eval("semver('1.0.0-alpha.1').compareTo(semver('1.0.0-alpha.beta'))"), .int(-1))
    XCTAssertEqual(try eval("semver('2.0.0').isGreaterThan(semver('1.99.99'))"), .bool(true))
    XCTAssertEqual(try eval("semver('1.0.0+build1') == semver('1.0.0+build2')"), .bool(true))
    XCTAssertEqual(try eval("isSemver('1.2.3') && !isSemver('v1.2.3') && !isSemver('01.2.3') && isSemver('v1.2', true)"), .bool(true))
    XCTAssertEqual(try eval("semver('v1', true).major()"), .int(1))
    XCTAssertEqual(evalError("semver('1.2')")?.kind, .evaluation)
  }

  func testNamedFormats() throws {
    XCTAssertEqual(try eval("format.dns1123Label().validate('my-name').hasValue()"), .bool(false))
    XCTAssertEqual(try eval("format.dns1123Label().validate('My_Name').hasValue()"), .bool(true))
    XCTAssertEqual(try eval("format.named('dns1123Subdomain').value().validate('a.b-c.d').hasValue()"), .bool(false))
    XCTAssertEqual(try eval("format.named('nope').hasValue()"), .bool(false))
    XCTAssertEqual(try eval("format.dns1123LabelPrefix().validate('generated-').hasValue()"), .bool(false))
    XCTAssertEqual(try eval("format.qualifiedName().validate('example.com/my-key').hasValue()"), .bool(false))
    XCTAssertEqual(try eval("format.qualifiedName().validate('-bad').hasValue()"), .bool(true))
    XCTAssertEqual(try eval("format.labelValue().validate('').hasValue() || format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()"), .bool(false))
    XCTAssertEqual(try eval("format.date().validate('2024-02-30').hasValue() && !format.datetime().validate('2024-02-03T01:02:03Z').hasValue()"), .bool(true))
    XCTAssertEqual(try eval("size(format.dns1035Label().validate('1abc').orValue([]))"), .int(1))
  }
}

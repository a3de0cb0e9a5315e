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
    XCTAssertEqual(
      try eval("format.labelValue().validate('').hasValue() || format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()"),
      .bool(false))
    XCTAssertEqual(
      try eval("format.date().validate('2024-02-30').hasValue() && !format.datetime().validate('2024-02-03T01:02:03Z').hasValue()"), .bool(true))
    XCTAssertEqual(try eval("size(format.dns1035Label().validate('1abc').orValue([]))"), .int(1))
  }

  func testSetsAndListExtensions() throws {
    XCTAssertEqual(try eval("sets.contains([1, 2, 3], [3, 1]) && !sets.contains([1], [2])"), .bool(true))
    XCTAssertEqual(try eval("sets.equivalent([1, 2, 2], [2, 1]) && sets.intersects([1, 2], [2.0])"), .bool(true))
    XCTAssertEqual(try eval("lists.range(4)"), .list([0, 1, 2, 3]))
    XCTAssertEqual(try eval("[1, 2, 3, 4].slice(1, 3)"), .list([2, 3]))
    XCTAssertEqual(try eval("[[1], [2, [3]]].flatten()"), .list([1, 2, [3]]))
    XCTAssertEqual(try eval("[[1], [2, [3]]].flatten(2)"), .list([1, 2, 3]))
    XCTAssertEqual(try eval("[3, 1, 3, 2].distinct().sort()"), .list([1, 2, 3]))
    XCTAssertEqual(evalError("[1, 'a'].sort()")?.kind, .evaluation)
  }

  func testKubernetesPropertyEscaping() throws {
    XCTAssertEqual(KubernetesNames.escape("foo-bar"), "foo__dash__bar")
    XCTAssertEqual(KubernetesNames.escape("if"), "__if__")
    XCTAssertEqual(KubernetesNames.escape("a__b.c/d"), "a__underscores__b__dot__c__slash__d")
    XCTAssertNil(KubernetesNames.escape("has space"))
    XCTAssertEqual(KubernetesNames.unescape("a__underscores__b__dot__c__slash__d"), "a__b.c/d")
    var environment = CELEnvironment()
    environment.kubernetesPropertyEscaping = true
    let object: CELValue = ["foo-bar": 1, "if": 2, "x.y": ["a/b": 3]]
    let bindings = ["self": object]
    XCTAssertEqual(try eval("self.foo__dash__bar + self.__if__", bindings, environment: environment), .int(3))
    XCTAssertEqual(try eval("self.x__dot__y.a__slash__b", bindings, environment: environment), .int(3))
    XCTAssertEqual(try eval("has(self.foo__dash__bar) && self.?x__dot__y.hasValue()", bindings, environment: environment), .bool(true))
  }
}

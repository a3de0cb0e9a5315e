import Hashing
import XCTest

final class SHA256Tests: XCTestCase {
  func testKnownVectors() {
    XCTAssertEqual(
      SHA256.hexDigest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hexDigest(Array("abc".utf8)),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  func testIncrementalEqualsOneShot() {
    let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let hasher = SHA256Hasher()
    hasher.update(Array(data[0..<333]))
    hasher.update(Array(data[333...]))
    XCTAssertEqual(hasher.finalize(), SHA256.digest(data))
  }

  func testTheInlineDigestIsTheSameSHA256() {
    for text in ["", "abc", String(repeating: "paved ", count: 10_000)] {
      let bytes = Array(text.utf8)
      XCTAssertEqual(SHA256Digest(bytes).hex, SHA256.hexDigest(bytes))
    }
    XCTAssertEqual(SHA256Digest(Array("abc".utf8)).hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertNotEqual(SHA256Digest(Array("a".utf8)), SHA256Digest(Array("b".utf8)))
  }
}

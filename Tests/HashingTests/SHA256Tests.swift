import XCTest
import Hashing

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
}

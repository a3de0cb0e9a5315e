import Diagnostics
import Foundation
import Hashing
import XCTest

@testable import ModelArtifacts

final class DigestTests: XCTestCase {
  func testComponentOrder() {
    let names = ["a.txt", "a-b/x", "a/b", "b", "a/b/c"]
    XCTAssertEqual(names.sorted(by: ModelDirectory.componentOrder), ["a/b", "a/b/c", "a-b/x", "a.txt", "b"])
  }

  func testMultiFileDirectoryDigest() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let contents: [String: [UInt8]] = [
      "a/b": Array("first".utf8), "a-b/x": Array("second".utf8), "a.txt": Array("third".utf8),
      "big.bin": [UInt8](repeating: 7, count: 3 * FileDigester.bufferSize + 5),
    ]
    for (name, bytes) in contents { try dir.write(name, bytes) }
    try dir.write(".git/config", Array("ignored".utf8))
    try dir.write(".gitignore", Array("ignored".utf8))
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: "a.txt")

    let manifest = try ModelSigningDigest.compute(path: dir.path)
    XCTAssertEqual(manifest.resources.map(\.path), ["a/b", "a-b/x", "a.txt", "big.bin"])
    XCTAssertEqual(manifest.symlinks, ["link"])
    for resource in manifest.resources {
      let bytes = try XCTUnwrap(contents[resource.path])
      XCTAssertEqual(resource.sha256, SHA256.hexDigest(bytes))
      XCTAssertEqual(resource.size, UInt64(bytes.count))
    }
    let expectedRoot = SHA256.hexDigest(manifest.resources.flatMap { SHA256.digest(contents[$0.path] ?? []) })
    XCTAssertEqual(manifest.root, expectedRoot)

    let excluded = try ModelSigningDigest.compute(path: dir.path, excluding: ["big.bin"])
    XCTAssertEqual(excluded.resources.count, 3)
    XCTAssertNotEqual(excluded.root, manifest.root)

    let single = try ModelSigningDigest.compute(path: dir.path + "/a.txt")
    XCTAssertEqual(single.resources.map(\.path), ["."])
    XCTAssertEqual(single.root, SHA256.hexDigest(SHA256.digest(Array("third".utf8))))
  }

  func testSymlinkFileIsNotFollowed() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    try dir.write("real", [1, 2, 3])
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/alias", withDestinationPath: dir.path + "/real")
    XCTAssertThrowsError(try FileDigester.digest(path: dir.path + "/alias", label: "alias")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.file.symlink")
    }
    XCTAssertThrowsError(try ArtifactInspector.inspect(path: dir.path + "/alias")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.file.symlink")
    }
  }

  func testRootDigestRejectsBadHex() {
    XCTAssertThrowsError(try ModelSigningDigest.rootDigest(["zz"]))
  }

  func testPathSafety() {
    for bad in ["", "/abs", "a/../b", "..", "a\\b", "x\u{0}"] { XCTAssertFalse(PathSafety.isSafe(bad), bad) }
    for good in ["a", "a/b.bin", ".hidden", "a..b", "./a"] { XCTAssertTrue(PathSafety.isSafe(good), good) }
  }
}

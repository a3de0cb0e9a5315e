import Driver
import Foundation
import TestSupport
import VirtualFileSystem
import XCTest

/// A promotion is a one-line change: bumping one model version in environments/prod.yaml changes
/// exactly the objects that depend on it.
final class VersionBumpTests: XCTestCase {
  func testBumpingOneModelChangesOnlyItsInferenceService() throws {
    let root = RepoPaths.packageRoot
    var files: [String: [UInt8]] = [:]
    for path in ["platform.yaml", "environments/dev.yaml", "environments/staging.yaml", "environments/prod.yaml", "keys/ml-release.pub.pem"] {
      files[path] = Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
    let before = try Compilation.compile(InMemoryFileSystem(files: files), CompileRequest())
    let prod = String(decoding: files["environments/prod.yaml"] ?? [], as: UTF8.self)
    let bumped = prod.replacingOccurrences(
      of: "ranker: { version: 1.4.2, artifact: s3://models/ranker/1.4.2,", with: "ranker: { version: 1.4.3, artifact: s3://models/ranker/1.4.3,")
    XCTAssertNotEqual(bumped, prod, "fixture changed: prod must pin ranker 1.4.2")
    files["environments/prod.yaml"] = Array(bumped.utf8)
    let after = try Compilation.compile(InMemoryFileSystem(files: files), CompileRequest())
    let a = try XCTUnwrap(before.artifacts)
    let b = try XCTUnwrap(after.artifacts)
    XCTAssertEqual(a.paths, b.paths)
    let changed = a.artifacts.filter { b.artifact(at: $0.path)?.contents != $0.contents }.map(\.path)
    XCTAssertEqual(changed, ["prod/tenants/search/inferenceservice-ranker.yaml"])
  }
}

import Foundation
import TestSupport
import XCTest

@testable import ModelArtifacts

/// Signs a directory with the real `model_signing` CLI (key mode, offline) and checks that our
/// manifest order, per-file digests and root digest equal the signed in-toto statement.
/// Skipped unless `model_signing` sits next to the venv python (or `PAVED_ARTIFACTS_PYTHON`)
/// and `openssl` is on the PATH.
final class ModelSigningCrossCheckTests: XCTestCase {
  private func run(_ arguments: [String], in directory: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func testRootDigestMatchesModelSigning() throws {
    let python =
      ProcessInfo.processInfo.environment["PAVED_ARTIFACTS_PYTHON"]
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        ".venv/bin/python"
      ).path
    let cli = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("model_signing").path
    guard FileManager.default.isExecutableFile(atPath: cli) else {
      print("ModelSigningCrossCheckTests: skipped, no \(cli)")
      throw missingTool("model_signing is not installed next to \(python)")
    }
    let dir = try TempDir()
    defer { dir.cleanup() }
    let files: [String: String] = [
      "model/a/b": "first", "model/a-b/x": "second", "model/a.txt": "third", "model/a0": "e", "model/Z": "Z",
      "model/sub/deeper/f.bin": "d", "model/ünï": "ü", "model/.git/config": "ignored",
    ]
    for (name, text) in files { try dir.write(name, Array(text.utf8)) }
    guard try run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem"], in: dir.path) == 0
    else { throw missingTool("openssl is unavailable") }
    XCTAssertEqual(
      try run(
        [cli, "sign", "key", "model", "--private_key", "key.pem", "--signature", "model.sig"], in: dir.path), 0)

    struct Bundle: Decodable {
      struct Envelope: Decodable { var payload: String }
      var dsseEnvelope: Envelope
    }
    struct Statement: Decodable {
      struct Subject: Decodable { var digest: [String: String] }
      struct Resource: Decodable {
        var name: String
        var digest: String
      }
      struct Predicate: Decodable { var resources: [Resource] }
      var subject: [Subject]
      var predicate: Predicate
    }
    let bundle = try JSONDecoder().decode(Bundle.self, from: Data(contentsOf: dir.url.appendingPathComponent("model.sig")))
    let payload = try XCTUnwrap(Data(base64Encoded: bundle.dsseEnvelope.payload))
    let statement = try JSONDecoder().decode(Statement.self, from: payload)

    let ours = try ModelSigningDigest.compute(path: dir.path + "/model")
    XCTAssertEqual(ours.resources.map(\.path), statement.predicate.resources.map(\.name))
    XCTAssertEqual(ours.resources.map(\.sha256), statement.predicate.resources.map(\.digest))
    XCTAssertEqual(ours.root, statement.subject.first?.digest["sha256"])
    XCTAssertEqual(try ArtifactInspector.inspect(path: dir.path + "/model").rootDigest, ours.root)
  }
}

import Foundation
import TestSupport
import XCTest

@testable import ModelSigning

/// Bundles made by the real `model_signing` CLI (key and certificate mode, offline) verify with
/// our verifier, and the tampered / extra / missing / wrong-key variants do not. Skipped with a
/// printed reason when `model_signing` is not installed in the project venv (`make venv`).
final class ModelSigningInteropTests: XCTestCase {
  private func cli() throws -> String {
    guard let python = RepoPaths.venvPython else {
      print("ModelSigningInteropTests: skipped, no .venv (run make venv)")
      throw missingTool("no venv")
    }
    let path = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("model_signing").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      print("ModelSigningInteropTests: skipped, model_signing is not installed in the venv")
      throw missingTool("model_signing not installed")
    }
    return path
  }

  private func sign(_ f: SigningFixture, _ args: [String]) throws {
    let result = try Subprocess.run([try cli(), "sign"] + args, cwd: f.path)
    guard result.status == 0 else { throw FixtureError("model_signing sign failed: \(result.stdout) \(result.stderr)") }
  }

  private func verify(_ f: SigningFixture, _ trust: TrustConfiguration) throws -> [String] {
    ModelVerifier.verify(modelPath: f.path + "/model", bundle: try f.read("model.sig"), trust: trust).failures.map(\.code.rawValue)
  }

  func testKeyModeBundles() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.key("signer")
    try f.key("other")
    try sign(f, ["key", "model", "--private_key", "signer.pem", "--signature", "model.sig"])
    let key = TrustConfiguration.publicKey(pem: try f.read("signer.pub.pem"))
    XCTAssertEqual(try verify(f, key), [])
    XCTAssertEqual(try verify(f, .publicKey(pem: try f.read("other.pub.pem"))), ["signature.key-mismatch"])
    try f.write("model/config.json", "{\"a\": 2}")
    XCTAssertEqual(try verify(f, key), ["signature.file.hash-mismatch"])
    try f.write("model/config.json", "{\"a\": 1}")
    try f.write("model/new.bin", "extra")
    XCTAssertEqual(try verify(f, key), ["signature.file.unsigned"])
    try FileManager.default.removeItem(atPath: f.path + "/model/new.bin")
    try FileManager.default.removeItem(atPath: f.path + "/model/weights/part-1.bin")
    XCTAssertEqual(try verify(f, key), ["signature.file.missing"])
  }

  func testCertificateModeBundles() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.certificates("good")
    try f.certificates("rogue")
    try sign(
      f,
      [
        "certificate", "model", "--private_key", "good.leaf.key", "--signing_certificate", "good.leaf.pem",
        "--certificate_chain", "good.ca.pem", "--signature", "model.sig",
      ])
    XCTAssertEqual(try verify(f, .trustAnchors(pems: [try f.read("good.ca.pem")])), [])
    XCTAssertEqual(try verify(f, .trustAnchors(pems: [try f.read("rogue.ca.pem")])), ["signature.certificate.untrusted"])
    try f.write("model/weights/part-2.bin", "tampered")
    XCTAssertEqual(try verify(f, .trustAnchors(pems: [try f.read("good.ca.pem")])), ["signature.file.hash-mismatch"])
  }

  func testOurAcceptedBundlesAlsoVerifyWithModelSigning() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.key("signer")
    try f.bundle("model.sig", payload: try f.statement(for: "model"), keyFile: "signer.pem", hintKey: "signer.pub.pem")
    let result = try Subprocess.run([try cli(), "verify", "key", "model", "--signature", "model.sig", "--public_key", "signer.pub.pem"], cwd: f.path)
    XCTAssertEqual(result.status, 0, "the openssl-made fixture is a genuine model-signing bundle: \(result.stdout) \(result.stderr)")
  }
}

import Diagnostics
import Foundation
import ModelArtifacts
import TestSupport
import XCTest

@testable import ModelSigning

/// The verifier against bundles made with the openssl CLI: every fail-closed case has its code.
final class VerifierTests: XCTestCase {
  private func verify(
    _ f: SigningFixture, model: String = "model", bundle: String = "model.sig", key: String? = "signer.pub.pem", anchors: [String] = []
  ) throws -> VerificationResult {
    let trust: TrustConfiguration = try key.map { .publicKey(pem: try f.read($0)) } ?? .trustAnchors(pems: try anchors.map { try f.read($0) })
    return ModelVerifier.verify(modelPath: f.path + "/" + model, bundle: try f.read(bundle), trust: trust)
  }

  private func codes(_ result: VerificationResult) -> [String] { result.failures.map(\.code.rawValue).sorted() }

  private func signedModel() throws -> SigningFixture {
    let f = try SigningFixture()
    try f.makeModel()
    try f.key("signer")
    try f.bundle("model.sig", payload: try f.statement(for: "model"), keyFile: "signer.pem", hintKey: "signer.pub.pem")
    return f
  }

  func testPAEEncoding() {
    XCTAssertEqual(
      String(decoding: DSSE.pae(payloadType: "application/vnd.in-toto+json", payload: Array("hello".utf8)), as: UTF8.self),
      "DSSEv1 28 application/vnd.in-toto+json 5 hello")
  }

  func testValidKeyModeBundleVerifies() throws {
    let f = try signedModel()
    let result = try verify(f)
    XCTAssertTrue(result.verified, "\(result.failures)")
    XCTAssertEqual(result.resourceCount, 3)
    XCTAssertEqual(result.mode, "key")
  }

  func testTamperedExtraAndMissingFilesFail() throws {
    let f = try signedModel()
    try f.write("model/weights/part-2.bin", "changed")
    XCTAssertEqual(codes(try verify(f)), ["signature.file.hash-mismatch"])
    try f.write("model/weights/part-2.bin", "second")
    try f.write("model/extra.txt", "not signed")
    XCTAssertEqual(codes(try verify(f)), ["signature.file.unsigned"])
    try FileManager.default.removeItem(at: f.dir.appendingPathComponent("model/extra.txt"))
    try FileManager.default.removeItem(at: f.dir.appendingPathComponent("model/config.json"))
    XCTAssertEqual(codes(try verify(f)), ["signature.file.missing"])
  }

  func testWrongKeyFails() throws {
    let f = try signedModel()
    try f.key("other")
    XCTAssertEqual(codes(try verify(f, key: "other.pub.pem")), ["signature.key-mismatch"])
    // Without a hint the signature itself fails.
    try f.bundle("nohint.sig", payload: try f.statement(for: "model"), keyFile: "signer.pem")
    XCTAssertEqual(codes(try verify(f, bundle: "nohint.sig", key: "other.pub.pem")), ["signature.invalid"])
    XCTAssertTrue(try verify(f, bundle: "nohint.sig").verified)
  }

  func testPayloadSwappedAfterSigningFails() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.key("signer")
    let good = try f.statement(for: "model")
    try f.write("model/weights/part-2.bin", "evil")
    let evil = try f.statement(for: "model")
    try f.bundle("model.sig", payload: evil, keyFile: "signer.pem", hintKey: "signer.pub.pem", signedPayload: good)
    XCTAssertEqual(codes(try verify(f)), ["signature.invalid"])
  }

  func testSymlinkAndUnsafeNamesFail() throws {
    let f = try signedModel()
    try FileManager.default.createSymbolicLink(atPath: f.path + "/model/link", withDestinationPath: "config.json")
    XCTAssertEqual(codes(try verify(f)), ["signature.file.symlink"])
    try FileManager.default.removeItem(atPath: f.path + "/model/link")
    let digest = String(repeating: "0", count: 64)
    for bad in ["../outside", "/etc/passwd", "a/../../b", "a\\\\b"] {
      try f.bundle("bad.sig", payload: try f.statement(for: "model", resources: [(bad, digest)]), keyFile: "signer.pem", hintKey: "signer.pub.pem")
      XCTAssertEqual(codes(try verify(f, bundle: "bad.sig")), ["signature.resource.unsafe-name"], bad)
    }
  }

  func testRootDigestMustMatchResources() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.key("signer")
    try f.bundle(
      "model.sig", payload: try f.statement(for: "model", root: String(repeating: "1", count: 64)), keyFile: "signer.pem", hintKey: "signer.pub.pem")
    XCTAssertEqual(codes(try verify(f)), ["signature.statement.root-mismatch"])
  }

  func testSingleFileModel() throws {
    let f = try SigningFixture()
    try f.write("weights.bin", "single")
    try f.key("signer")
    let digest = try FileDigester.digest(path: f.path + "/weights.bin", label: ".").sha256
    try f.bundle("w.sig", payload: try f.statement(for: "weights.bin", resources: [(".", digest)]), keyFile: "signer.pem", hintKey: "signer.pub.pem")
    XCTAssertTrue(try verify(f, model: "weights.bin", bundle: "w.sig").verified)
    try f.write("weights.bin", "changed")
    XCTAssertEqual(codes(try verify(f, model: "weights.bin", bundle: "w.sig")), ["signature.file.hash-mismatch"])
  }

  func testP384AndEd25519Keys() throws {
    for curve in ["secp384r1", "ed25519"] {
      let f = try SigningFixture()
      try f.makeModel()
      try f.key("signer", curve: curve)
      try f.bundle("model.sig", payload: try f.statement(for: "model"), keyFile: "signer.pem", curve: curve, hintKey: "signer.pub.pem")
      let result = try verify(f)
      XCTAssertTrue(result.verified, "\(curve): \(result.failures)")
    }
  }

  func testCertificateChainValidInvalidAndUsage() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.certificates("good")
    try f.certificates("rogue")
    try f.certificates("web", eku: "serverAuth")
    let payload = try f.statement(for: "model")
    try f.bundle("cert.sig", payload: payload, keyFile: "good.leaf.key", chain: ["good.leaf.der"])
    let ok = try verify(f, bundle: "cert.sig", key: nil, anchors: ["good.ca.pem"])
    XCTAssertTrue(ok.verified, "\(ok.failures)")
    XCTAssertEqual(ok.signer?.contains("good signer"), true)
    XCTAssertEqual(codes(try verify(f, bundle: "cert.sig", key: nil, anchors: ["rogue.ca.pem"])), ["signature.certificate.untrusted"])
    try f.bundle("web.sig", payload: payload, keyFile: "web.leaf.key", chain: ["web.leaf.der"])
    XCTAssertEqual(codes(try verify(f, bundle: "web.sig", key: nil, anchors: ["web.ca.pem"])), ["signature.certificate.usage"])
    // A self-signed leaf presented with a CA that did not sign it does not verify either.
    try f.bundle("swap.sig", payload: payload, keyFile: "rogue.leaf.key", chain: ["rogue.leaf.der", "good.ca.der"])
    XCTAssertEqual(codes(try verify(f, bundle: "swap.sig", key: nil, anchors: ["good.ca.pem"])), ["signature.certificate.untrusted"])
    // Modes must match the configuration.
    XCTAssertEqual(codes(try verify(f, bundle: "cert.sig", key: "good.ca.pem")), ["signature.mode-mismatch"])
  }

  func testMalformedBundlesFailClosed() throws {
    let f = try signedModel()
    let valid = String(decoding: try f.read("model.sig"), as: UTF8.self)
    let cases: [(String, String)] = [
      ("not json", "signature.bundle.malformed"),
      (valid.replacingOccurrences(of: "bundle.v0.3+json", with: "bundle.v0.1+json"), "signature.bundle.media-type"),
      (valid.replacingOccurrences(of: "in-toto+json", with: "octet-stream"), "signature.bundle.payload-type"),
      (valid.replacingOccurrences(of: "\"sig\": \"", with: "\"sig\": \"!!"), "signature.bundle.malformed"),
    ]
    for (index, (text, code)) in cases.enumerated() {
      try f.write("bad\(index).sig", text)
      XCTAssertEqual(codes(try verify(f, bundle: "bad\(index).sig")), [code], text)
    }
  }

  /// Two verifiers must never read one bundle two ways: a repeated key is refused, not "last one wins".
  func testADuplicateKeyInABundleOrStatementIsRefused() throws {
    let f = try signedModel()
    let valid = String(decoding: try f.read("model.sig"), as: UTF8.self)
    let doubled = valid.replacingOccurrences(of: "{\"mediaType\"", with: "{\"mediaType\": \"x\", \"mediaType\"")
    XCTAssertNotEqual(doubled, valid, "the fixture starts with mediaType")
    try f.write("doubled.sig", doubled)
    let result = try verify(f, bundle: "doubled.sig")
    XCTAssertEqual(codes(result), ["signature.bundle.malformed"])
    XCTAssertTrue(result.failures.first?.summary.contains("duplicate") ?? false, "\(result.failures)")
    // The statement inside the envelope: a second `subject` after the signed one.
    let statement = String(decoding: try f.statement(for: "model"), as: UTF8.self)
    XCTAssertNoThrow(try ModelSigningStatement.parse(Array(statement.utf8)))
    let second = statement.replacingOccurrences(
      of: "\"predicateType\":",
      with: #""subject": [{"name": "other", "digest": {"sha256": "\#(String(repeating: "0", count: 64))"}}], "predicateType":"#)
    XCTAssertNotEqual(second, statement)
    XCTAssertThrowsError(try ModelSigningStatement.parse(Array(second.utf8))) { error in
      XCTAssertEqual((error as? Diagnostic)?.code.rawValue, "signature.statement.malformed")
      XCTAssertTrue((error as? Diagnostic)?.summary.contains("duplicate") ?? false, "\(error)")
    }
  }
}

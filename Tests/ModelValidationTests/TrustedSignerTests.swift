import Driver
import Foundation
import ModelSigning
import PlatformModel
import TestSupport
import XCTest

/// Only the contract's signers verify: a key passed on the command line may pick one of them,
/// never add another; certificate signers must name the identity and issuer the spec gives.
final class TrustedSignerTests: XCTestCase {
  private func signed(by key: String) throws -> SigningFixture {
    let f = try SigningFixture()
    try f.makeModel()
    try f.key("alice")
    try f.key("mallory")
    try f.bundle("model.sig", payload: try f.statement(for: "model"), keyFile: "\(key).pem", hintKey: "\(key).pub.pem")
    return f
  }

  private func verify(_ f: SigningFixture, _ signers: [Signer], key: String? = nil, anchors: [String] = []) -> VerificationResult {
    ModelCommands.verify(
      model: f.path + "/model", bundlePath: f.path + "/model.sig",
      trust: .init(publicKey: key.map { f.path + "/" + $0 }, trustAnchors: anchors.map { f.path + "/" + $0 }), signers: signers, root: f.path)
  }

  func testTheContractsKeyVerifiesWithoutAnyKeyOnTheCommandLine() throws {
    let f = try signed(by: "alice")
    let result = verify(f, [.publicKey(path: "alice.pub.pem")])
    XCTAssertTrue(result.verified, "\(result.failures)")
    XCTAssertEqual(result.signer, "alice.pub.pem")
  }

  func testASignerNotInTheSpecIsRefusedEvenWhenPassedOnTheCommandLine() throws {
    let f = try signed(by: "mallory")
    let refused = verify(f, [.publicKey(path: "alice.pub.pem")], key: "mallory.pub.pem")
    XCTAssertFalse(refused.verified)
    XCTAssertEqual(refused.failures.map(\.code.rawValue), ["signature.untrusted-signer"])
    XCTAssertTrue(refused.failures.first?.summary.contains("never widen") ?? false, "\(refused.failures)")
    // Without the command-line key, the contract's key does not verify mallory's bundle either.
    XCTAssertEqual(verify(f, [.publicKey(path: "alice.pub.pem")]).failures.map(\.code.rawValue), ["signature.key-mismatch"])
    // And a contract that names nobody accepts nobody.
    XCTAssertEqual(verify(f, [], key: "mallory.pub.pem").failures.map(\.code.rawValue), ["signature.untrusted-signer"])
  }

  func testTheCommandLineNarrowsTrust() throws {
    let f = try signed(by: "mallory")
    XCTAssertTrue(verify(f, [.publicKey(path: "alice.pub.pem"), .publicKey(path: "mallory.pub.pem")]).verified)
    let narrowed = verify(f, [.publicKey(path: "alice.pub.pem"), .publicKey(path: "mallory.pub.pem")], key: "alice.pub.pem")
    XCTAssertEqual(narrowed.failures.map(\.code.rawValue), ["signature.key-mismatch"], "narrowed to alice, the bundle is mallory's")
  }

  func testCertificateSignersMatchIdentityAndIssuer() throws {
    let f = try SigningFixture()
    try f.makeModel()
    try f.certificates(
      "ci",
      extensions: [
        "subjectAltName=email:release@acme.example.com,URI:https://github.com/acme/models/.github/workflows/release.yml@refs/heads/main",
        "1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:https://token.actions.githubusercontent.com",
      ])
    try f.bundle("model.sig", payload: try f.statement(for: "model"), keyFile: "ci.leaf.key", chain: ["ci.leaf.der"])
    let issuer = "https://token.actions.githubusercontent.com"
    XCTAssertTrue(verify(f, [.certificate(identity: "release@acme.example.com", issuer: issuer, roots: "ci.ca.pem")]).verified)
    XCTAssertTrue(
      verify(
        f,
        [.certificate(identity: "https://github.com/acme/models/.github/workflows/release.yml@refs/heads/main", issuer: issuer, roots: "ci.ca.pem")]
      ).verified)
    XCTAssertTrue(verify(f, [.certificate(identity: "release@acme.example.com", issuer: nil, roots: "ci.ca.pem")]).verified)
    XCTAssertEqual(
      verify(f, [.certificate(identity: "someone@acme.example.com", issuer: issuer, roots: "ci.ca.pem")]).failures.map(\.code.rawValue),
      ["signature.identity-mismatch"])
    XCTAssertEqual(
      verify(f, [.certificate(identity: "release@acme.example.com", issuer: "https://accounts.google.com", roots: "ci.ca.pem")]).failures.map(
        \.code.rawValue),
      ["signature.identity-mismatch"])
    // A key on the command line cannot stand in for a certificate signer.
    try f.key("other")
    XCTAssertEqual(
      verify(f, [.certificate(identity: "release@acme.example.com", issuer: issuer, roots: "ci.ca.pem")], key: "other.pub.pem").failures.map(
        \.code.rawValue),
      ["signature.untrusted-signer"])
  }
}

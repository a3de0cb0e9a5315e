import Foundation
import TestSupport
import XCTest

/// `paved model inspect | validate | verify` through the built binary: output formats and exit codes.
final class ModelCLITests: XCTestCase {
  var work: URL!

  override func setUpWithError() throws {
    guard RepoPaths.pavedBinary != nil else { throw missingTool("paved binary not built") }
    work = RepoPaths.temporaryDirectory("paved-model-cli")
  }

  override func tearDown() { if let work { try? FileManager.default.removeItem(at: work) } }

  private func paved(_ args: [String]) throws -> Subprocess.Result {
    try Subprocess.run([RepoPaths.pavedBinary ?? "paved"] + args, cwd: work.path)
  }

  /// A safetensors file with one F32[2] tensor and metadata.
  private func writeSafetensors(_ name: String) throws {
    var header = Array(#"{"__metadata__":{"owner":"me"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
    while (8 + header.count) % 8 != 0 { header.append(0x20) }
    var bytes: [UInt8] = (0..<8).map { UInt8((header.count >> (8 * $0)) & 0xff) }
    bytes += header + [UInt8](repeating: 0, count: 8)
    try FileManager.default.createDirectory(at: work.appendingPathComponent(name).deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: work.appendingPathComponent(name))
  }

  func testInspectTextJSONAndErrors() throws {
    try writeSafetensors("model/model.safetensors")
    let text = try paved(["model", "inspect", "model"])
    XCTAssertEqual(text.status, 0, text.stderr)
    XCTAssertTrue(text.stdout.contains("safetensors"), text.stdout)
    XCTAssertTrue(text.stdout.contains("owner = me"), text.stdout)
    let json = try paved(["model", "inspect", "model", "--format", "json"])
    XCTAssertEqual(json.status, 0)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["formatVersion"] as? Int, 1)
    XCTAssertEqual(object["formats"] as? [String], ["safetensors"])
    XCTAssertNotNil(object["rootDigest"] as? String)
    // The digest to pin comes first: for a directory, the model-signing root digest.
    XCTAssertTrue(text.stdout.hasPrefix("digest to pin: sha256:\(object["rootDigest"] as? String ?? "?")  (model-signing root digest;"), text.stdout)
    let single = try paved(["model", "inspect", "model/model.safetensors"])
    let files = try XCTUnwrap(object["files"] as? [[String: Any]])
    XCTAssertTrue(single.stdout.hasPrefix("digest to pin: sha256:\(files.first?["sha256"] as? String ?? "?")  (file SHA-256;"), single.stdout)
    // Everything the text shows: the stored tensors too, with their dtypes and shapes.
    let tensors = try XCTUnwrap(object["tensors"] as? [[String: Any]])
    XCTAssertEqual(tensors.count, object["tensorCount"] as? Int)
    XCTAssertFalse(tensors.isEmpty)
    for tensor in tensors { XCTAssertTrue(text.stdout.contains(tensor["name"] as? String ?? "?"), "\(tensor)") }
    XCTAssertEqual(try paved(["model", "inspect", "model", "--format", "json"]).stdout, json.stdout, "deterministic")
    let noDigests = try paved(["model", "inspect", "model/model.safetensors", "--no-digests", "--format", "json"])
    XCTAssertTrue(noDigests.stdout.contains("\"rootDigest\": null"), noDigests.stdout)
    try Data("garbage".utf8).write(to: work.appendingPathComponent("bad.safetensors"))
    let bad = try paved(["model", "inspect", "bad.safetensors"])
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("error[artifact."), bad.stderr)
    XCTAssertEqual(try paved(["model", "inspect", "missing-dir"]).status, 1)
  }

  func testValidateMarkdownAndExitCode() throws {
    try writeSafetensors("model/model.safetensors")
    let platform = RepoPaths.packageRoot.appendingPathComponent("platform.yaml").path
    let result = try paved(["model", "validate", "summarizer", "--artifact", "model", "--platform", platform, "--format", "markdown"])
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stdout.contains("### Model `summarizer`: ❌"), result.stdout)
    XCTAssertTrue(result.stdout.contains("`model.contract.format`"), result.stdout)
    XCTAssertTrue(result.stdout.contains("`model.contract.metadata-missing`"), result.stdout)
    let unknown = try paved(["model", "validate", "sumarizer", "--artifact", "model", "--platform", platform])
    XCTAssertEqual(unknown.status, 1)
    XCTAssertTrue(unknown.stderr.contains("did you mean 'summarizer'?"), unknown.stderr)
  }

  func testVerifyExitCodes() throws {
    guard Subprocess.available("openssl") else { throw missingTool("openssl CLI is not on PATH") }
    try writeSafetensors("weights.safetensors")
    func openssl(_ args: [String]) throws {
      let r = try Subprocess.run(["openssl"] + args, cwd: work.path)
      XCTAssertEqual(r.status, 0, r.stderr)
    }
    try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem"])
    try openssl(["ec", "-in", "key.pem", "-pubout", "-out", "pub.pem"])
    let inspect = try paved(["model", "inspect", "weights.safetensors", "--format", "json"])
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
    let files = try XCTUnwrap(object["files"] as? [[String: Any]])
    let digest = try XCTUnwrap(files.first?["sha256"] as? String)
    let root = try XCTUnwrap(object["rootDigest"] as? String)
    let statement =
      #"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "weights.safetensors", "digest": {"sha256": "\#(root)"}}], "predicateType": "https://model_signing/signature/v1.0", "predicate": {"serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": false, "ignore_paths": []}, "resources": [{"name": ".", "algorithm": "sha256", "digest": "\#(digest)"}]}}"#
    let type = "application/vnd.in-toto+json"
    try Data(("DSSEv1 \(type.utf8.count) \(type) \(statement.utf8.count) " + statement).utf8).write(to: work.appendingPathComponent("pae.bin"))
    try openssl(["dgst", "-sha256", "-sign", "key.pem", "-out", "sig.bin", "pae.bin"])
    let sig = try Data(contentsOf: work.appendingPathComponent("sig.bin")).base64EncodedString()
    let bundle =
      #"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": {"publicKey": {"hint": ""}}, "dsseEnvelope": {"payload": "\#(Data(statement.utf8).base64EncodedString())", "payloadType": "\#(type)", "signatures": [{"sig": "\#(sig)"}]}}"#
    try Data(bundle.utf8).write(to: work.appendingPathComponent("w.sig"))
    let ok = try paved(["model", "verify", "weights.safetensors", "--signature", "w.sig", "--public-key", "pub.pem"])
    XCTAssertEqual(ok.status, 0, ok.stderr)
    XCTAssertTrue(ok.stdout.hasPrefix("verified:"), ok.stdout)
    try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "other.pem"])
    try openssl(["ec", "-in", "other.pem", "-pubout", "-out", "other.pub.pem"])
    let wrong = try paved(["model", "verify", "weights.safetensors", "--signature", "w.sig", "--public-key", "other.pub.pem"])
    XCTAssertEqual(wrong.status, 1)
    XCTAssertTrue(wrong.stderr.contains("signature.invalid"), wrong.stderr)
    XCTAssertEqual(try paved(["model", "verify", "weights.safetensors", "--signature", "w.sig"]).status, 64, "usage error without a key")
    let json = try paved(["model", "verify", "weights.safetensors", "--signature", "w.sig", "--public-key", "pub.pem", "--format", "json"])
    XCTAssertTrue(json.stdout.contains("\"verified\": true"), json.stdout)
  }
}

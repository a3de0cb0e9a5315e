import Foundation
import Hashing
import ModelArtifacts
import XCTest

/// Makes keys, certificates and model-signing bundles with the `openssl` CLI only (no
/// model_signing needed), so the verifier is always tested: the statement is built from our
/// manifest (or given), the PAE is signed with `openssl dgst`/`pkeyutl`.
public final class SigningFixture {
  public let dir: URL
  public var path: String { dir.path }

  public init() throws {
    guard Subprocess.available("openssl") else { throw missingTool("openssl CLI is not on PATH") }
    dir = RepoPaths.temporaryDirectory("paved-signing")
  }

  deinit { try? FileManager.default.removeItem(at: dir) }

  @discardableResult
  public func openssl(_ args: [String]) throws -> String {
    let result = try Subprocess.run(["openssl"] + args, cwd: path)
    guard result.status == 0 else { throw FixtureError("openssl \(args.joined(separator: " ")): \(result.stderr)") }
    return result.stdout
  }

  public func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }

  public func write(_ name: String, _ bytes: [UInt8]) throws {
    let url = dir.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  public func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }

  /// A model directory `model/` with a few files.
  public func makeModel() throws {
    try write("model/config.json", "{\"a\": 1}")
    try write("model/weights/part-1.bin", [UInt8](repeating: 7, count: 5000))
    try write("model/weights/part-2.bin", "second")
    try write("model/.git/HEAD", "ignored by the signer")
  }

  /// `name.pem` (private) and `name.pub.pem`: an EC key on `curve` or an Ed25519 key.
  public func key(_ name: String, curve: String = "prime256v1") throws {
    if curve == "ed25519" {
      try openssl(["genpkey", "-algorithm", "ed25519", "-out", "\(name).pem"])
      try openssl(["pkey", "-in", "\(name).pem", "-pubout", "-out", "\(name).pub.pem"])
    } else {
      try openssl(["ecparam", "-name", curve, "-genkey", "-noout", "-out", "\(name).pem"])
      try openssl(["ec", "-in", "\(name).pem", "-pubout", "-out", "\(name).pub.pem"])
    }
  }

  /// A CA (`name.ca.pem`, key `name.ca.key`) and a leaf signed by it (`name.leaf.pem`, `.der`,
  /// key `name.leaf.key`) with the given extended key usage.
  public func certificates(_ name: String, eku: String = "codeSigning", extensions: [String] = []) throws {
    try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "\(name).ca.key"])
    try openssl([
      "req", "-x509", "-new", "-key", "\(name).ca.key", "-subj", "/CN=\(name) CA", "-days", "2", "-out", "\(name).ca.pem",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ])
    try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "\(name).leaf.key"])
    try openssl(["req", "-new", "-key", "\(name).leaf.key", "-subj", "/CN=\(name) signer", "-out", "\(name).leaf.csr"])
    try write(
      "\(name).ext",
      "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=\(eku)\n" + extensions.map { $0 + "\n" }.joined())
    try openssl([
      "x509", "-req", "-in", "\(name).leaf.csr", "-CA", "\(name).ca.pem", "-CAkey", "\(name).ca.key", "-CAcreateserial",
      "-days", "1", "-out", "\(name).leaf.pem", "-extfile", "\(name).ext",
    ])
    try openssl(["x509", "-in", "\(name).leaf.pem", "-outform", "DER", "-out", "\(name).leaf.der"])
    try openssl(["x509", "-in", "\(name).ca.pem", "-outform", "DER", "-out", "\(name).ca.der"])
  }

  /// The in-toto statement for `model` as model-signing writes it (resources in our order).
  public func statement(for model: String, resources override: [(String, String)]? = nil, root: String? = nil) throws -> [UInt8] {
    let manifest = try ModelSigningDigest.compute(path: path + "/" + model)
    let resources = override ?? manifest.resources.map { ($0.path, $0.sha256) }
    let rootDigest = try root ?? ModelSigningDigest.rootDigest(resources.map(\.1))
    let list = resources.map { "{\"name\": \"\($0.0)\", \"algorithm\": \"sha256\", \"digest\": \"\($0.1)\"}" }.joined(separator: ", ")
    let text = """
      {"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "\(model)", "digest": {"sha256": "\(rootDigest)"}}], \
      "predicateType": "https://model_signing/signature/v1.0", "predicate": {"serialization": {"method": "files", \
      "hash_type": "sha256", "allow_symlinks": false, "ignore_paths": [".git", ".github", ".gitattributes", ".gitignore"]}, \
      "resources": [\(list)]}}
      """
    return Array(text.utf8)
  }

  /// Signs `payload` with `keyFile` and writes a bundle to `bundleName`. Certificate mode when
  /// `chain` (DER files, leaf first) is given, else key mode with the hint of `hintKey`.
  public func bundle(
    _ bundleName: String, payload: [UInt8], keyFile: String, curve: String = "prime256v1", hintKey: String? = nil,
    chain: [String] = [], signedPayload: [UInt8]? = nil
  ) throws {
    let type = "application/vnd.in-toto+json"
    let toSign = signedPayload ?? payload
    try write("pae.bin", Array("DSSEv1 \(type.utf8.count) \(type) \(toSign.count) ".utf8) + toSign)
    switch curve {
    case "ed25519": try openssl(["pkeyutl", "-sign", "-rawin", "-inkey", keyFile, "-in", "pae.bin", "-out", "sig.bin"])
    case "secp384r1": try openssl(["dgst", "-sha384", "-sign", keyFile, "-out", "sig.bin", "pae.bin"])
    default: try openssl(["dgst", "-sha256", "-sign", keyFile, "-out", "sig.bin", "pae.bin"])
    }
    let sig = Data(try read("sig.bin")).base64EncodedString()
    let material: String
    if chain.isEmpty {
      let hint = try hintKey.map { SHA256.hexDigest(try read($0)) } ?? ""
      material = "\"publicKey\": {\"hint\": \"\(hint)\"}"
    } else {
      let certs = try chain.map { "{\"rawBytes\": \"\(Data(try read($0)).base64EncodedString())\"}" }.joined(separator: ", ")
      material = "\"x509CertificateChain\": {\"certificates\": [\(certs)]}"
    }
    try write(
      bundleName,
      """
      {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": {\(material), "tlogEntries": []}, \
      "dsseEnvelope": {"payload": "\(Data(payload).base64EncodedString())", "payloadType": "\(type)", \
      "signatures": [{"sig": "\(sig)", "keyid": ""}]}}
      """)
  }
}

public struct FixtureError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

import Diagnostics
import ModelArtifacts

/// The parts of a Sigstore bundle (v0.3, DSSE envelope) that OpenSSF model signing produces.
public struct SigstoreBundle: Sendable, Hashable {
  /// Media types accepted (the v0.3 spellings).
  public static let mediaTypes: Set<String> = [
    "application/vnd.dev.sigstore.bundle.v0.3+json", "application/vnd.dev.sigstore.bundle+json;version=0.3",
  ]
  /// The only payload type accepted.
  public static let inTotoPayloadType = "application/vnd.in-toto+json"
  /// Largest bundle read.
  public static let maxBytes = 16 << 20

  /// The decoded DSSE payload (the in-toto statement bytes, verified as-is, never re-serialised).
  public var payload: [UInt8]
  /// The DSSE payload type.
  public var payloadType: String
  /// DER signatures of the PAE.
  public var signatures: [[UInt8]]
  /// `verificationMaterial.publicKey.hint`, when the bundle is in key mode.
  public var publicKeyHint: String?
  /// DER certificates, leaf first, when the bundle is in certificate mode.
  public var certificates: [[UInt8]]

  /// Parses bundle JSON; throws `signature.bundle.*` failures.
  public static func parse(_ bytes: [UInt8]) throws(Diagnostic) -> SigstoreBundle {
    func fail(_ code: DiagnosticCode, _ message: String) -> Diagnostic {
      .error(code, message)
    }
    guard bytes.count <= maxBytes else { throw fail(.signatureBundleTooLarge, "bundle exceeds \(maxBytes) bytes") }
    let root = try strictObject(
      bytes, codes: .init(invalid: .signatureBundleInvalidJSON, duplicateKey: .signatureBundleDuplicateKey), malformed: .signatureBundleMalformed,
      what: "bundle")
    guard let mediaType = root["mediaType"]?.stringValue, mediaTypes.contains(mediaType) else {
      throw fail(
        .signatureBundleMediaType, "mediaType is \(root["mediaType"].map { $0.stringValue ?? $0.kind } ?? "missing"), expected a Sigstore bundle v0.3"
      )
    }
    guard let envelope = root["dsseEnvelope"], envelope.isObject else {
      throw fail(.signatureBundleNoEnvelope, "bundle has no dsseEnvelope (message signatures are not model signatures)")
    }
    guard let payloadType = envelope["payloadType"]?.stringValue, payloadType == inTotoPayloadType else {
      throw fail(.signatureBundlePayloadType, "payloadType must be \(inTotoPayloadType)")
    }
    guard let payloadText = envelope["payload"]?.stringValue, let payload = Base64.decode(payloadText) else {
      throw fail(.signatureBundleMalformed, "dsseEnvelope.payload is not base64")
    }
    guard let sigs = envelope["signatures"]?.arrayValue, !sigs.isEmpty, sigs.allSatisfy(\.isObject) else {
      throw fail(.signatureBundleNoSignature, "dsseEnvelope.signatures is empty")
    }
    var signatures: [[UInt8]] = []
    for entry in sigs {
      guard let text = entry["sig"]?.stringValue, let sig = Base64.decode(text), !sig.isEmpty else {
        throw fail(.signatureBundleMalformed, "a signature is not base64")
      }
      signatures.append(sig)
    }
    let material = root["verificationMaterial"]
    let hint = material?["publicKey"]?["hint"]?.stringValue
    var certificates: [[UInt8]] = []
    if let chain = material?["x509CertificateChain"], chain.isObject {
      for entry in chain["certificates"]?.arrayValue ?? [] {
        guard let text = entry["rawBytes"]?.stringValue, let der = Base64.decode(text) else {
          throw fail(.signatureBundleMalformed, "a certificate is not base64")
        }
        certificates.append(der)
      }
    } else if let single = material?["certificate"], single.isObject {
      guard let text = single["rawBytes"]?.stringValue, let der = Base64.decode(text) else {
        throw fail(.signatureBundleMalformed, "the certificate is not base64")
      }
      certificates.append(der)
    }
    return SigstoreBundle(
      payload: payload, payloadType: payloadType, signatures: signatures, publicKeyHint: hint,
      certificates: certificates)
  }
}

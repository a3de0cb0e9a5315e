import Diagnostics
import ModelArtifacts

/// Who may have signed: a public key (key mode) or trust anchors (certificate mode).
public enum TrustConfiguration: Sendable {
  /// A SubjectPublicKeyInfo PEM; the bundle must be in key mode and signed by this key.
  case publicKey(pem: [UInt8])
  /// PEM CA certificates; the bundle's certificate chain must verify against one of them.
  case trustAnchors(pems: [[UInt8]])
}

/// Verifies an OpenSSF model-signing bundle against a model file or directory, fail closed:
/// the signature (over the DSSE PAE) first, then the statement, then every file.
public enum ModelVerifier {
  /// - Parameters:
  ///   - modelPath: the model directory or single file.
  ///   - bundle: the bundle's bytes.
  ///   - bundleName: the bundle's path relative to `modelPath` when it is stored inside the model
  ///     directory (it is then not a model file), else nil.
  public static func verify(modelPath: String, bundle: [UInt8], trust: TrustConfiguration, bundleName: String? = nil)
    -> VerificationResult
  {
    let mode: String
    switch trust {
    case .publicKey: mode = "key"
    case .trustAnchors: mode = "certificate"
    }
    var result = VerificationResult(failures: [], mode: mode)
    do throws(Diagnostic) {
      let parsed = try SigstoreBundle.parse(bundle)
      let (key, signer, leaf) = try signingKey(parsed, trust: trust)
      result.signer = signer
      result.leaf = leaf
      let pae = DSSE.pae(payloadType: parsed.payloadType, payload: parsed.payload)
      guard parsed.signatures.contains(where: { key.verify(signature: $0, message: pae) }) else {
        throw Diagnostic.signature(
          .signatureDoesNotVerify, "the signature does not verify with the \(mode == "key" ? "given public key" : "certificate's key")")
      }
      let statement = try ModelSigningStatement.parse(parsed.payload)
      result.rootDigest = statement.rootDigest
      result.resourceCount = statement.resources.count
      result.failures = ManifestCheck.check(modelPath: modelPath, statement: statement, bundleName: bundleName)
    } catch {
      result.failures = [error]
    }
    return result
  }

  static func signingKey(_ bundle: SigstoreBundle, trust: TrustConfiguration) throws(Diagnostic) -> (
    PublicKey, String, CertificateChain.LeafIdentity?
  ) {
    switch trust {
    case .publicKey(let pem):
      guard bundle.certificates.isEmpty else {
        throw Diagnostic.signature(.signatureModeMismatch, "the bundle is in certificate mode; pass --trust-anchor")
      }
      let key = try PublicKey(pem: pem)
      if let hint = bundle.publicKeyHint, !hint.isEmpty, hint.lowercased() != key.hint {
        throw Diagnostic.signature(.signatureKeyMismatch, "the bundle was signed by another key (hint \(hint))")
      }
      return (key, key.hint, nil)
    case .trustAnchors(let pems):
      guard !bundle.certificates.isEmpty else {
        throw Diagnostic.signature(.signatureModeMismatch, "the bundle is in key mode; pass --public-key")
      }
      let (key, leaf) = try CertificateChain.verifyLeaf(certificates: bundle.certificates, anchors: pems)
      return (key, leaf.identities.first ?? leaf.subject, leaf)
    }
  }
}

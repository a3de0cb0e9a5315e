import Diagnostics
import ModelArtifacts

/// The outcome of verifying a model against a signature bundle.
public struct VerificationResult: Sendable, Hashable {
  /// True only when the signature, the signer and every file check out.
  public var verified: Bool { failures.isEmpty }
  /// Every problem found (the signature is checked first; files only after it verified).
  public var failures: [Diagnostic]
  /// `key` or `certificate`.
  public var mode: String
  /// Who signed: the key hint (hex SHA-256 of the public key PEM) or the leaf certificate subject.
  public var signer: String?
  /// The signed root digest (hex), when the statement was read.
  public var rootDigest: String?
  /// Number of signed resources.
  public var resourceCount: Int
  /// Certificate mode: who the leaf certificate names.
  public var leaf: CertificateChain.LeafIdentity?

  /// Creates a result.
  public init(failures: [Diagnostic], mode: String, signer: String? = nil, rootDigest: String? = nil, resourceCount: Int = 0) {
    self.failures = failures
    self.mode = mode
    self.signer = signer
    self.rootDigest = rootDigest
    self.resourceCount = resourceCount
  }
}

/// `bytes` read with the strict JSON reader as one object; the failure `malformed` otherwise.
/// A duplicate key is an error there, so no two verifiers can read one document two ways.
func strictObject(_ bytes: [UInt8], codes: StrictJSON.Codes, malformed: DiagnosticCode, what: String) throws(Diagnostic) -> JSONValue {
  let root: JSONValue
  do {
    root = try StrictJSON.parse(bytes, file: what, codes: codes)
  } catch {
    throw .signature(malformed, "\(what) is not valid JSON: \(error)")
  }
  guard root.isObject else { throw .signature(malformed, "\(what) is not a JSON object") }
  return root
}

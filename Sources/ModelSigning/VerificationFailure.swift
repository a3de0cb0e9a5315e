import ModelArtifacts

/// Why a signature did not verify. Verification fails closed: any failure means "not verified".
///
/// `code` is stable (`signature.<area>.<problem>`); `message` is for humans.
public struct VerificationFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  /// Stable machine-readable code, e.g. `signature.file.hash-mismatch`.
  public var code: String
  /// Human-readable explanation.
  public var message: String
  /// The model file concerned, when there is one.
  public var file: String?

  /// Creates a failure.
  public init(code: String, message: String, file: String? = nil) {
    self.code = code
    self.message = message
    self.file = file
  }

  /// `code: message (file)`.
  public var description: String { "\(code): \(message)" + (file.map { " (\($0))" } ?? "") }
}

/// The outcome of verifying a model against a signature bundle.
public struct VerificationResult: Sendable, Hashable, Codable {
  /// True only when the signature, the signer and every file check out.
  public var verified: Bool { failures.isEmpty }
  /// Every problem found (the signature is checked first; files only after it verified).
  public var failures: [VerificationFailure]
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
  public init(failures: [VerificationFailure], mode: String, signer: String? = nil, rootDigest: String? = nil, resourceCount: Int = 0) {
    self.failures = failures
    self.mode = mode
    self.signer = signer
    self.rootDigest = rootDigest
    self.resourceCount = resourceCount
  }
}

extension VerificationFailure {
  /// `bytes` read with the strict JSON reader as one object; a failure `<prefix>.malformed` otherwise.
  /// A duplicate key is an error there, so no two verifiers can read one document two ways.
  static func strictObject(_ bytes: [UInt8], prefix: String, what: String) throws(VerificationFailure) -> JSONValue {
    let root: JSONValue
    do {
      root = try StrictJSON.parse(bytes, file: what, codePrefix: prefix)
    } catch {
      throw VerificationFailure(code: prefix + ".malformed", message: "\(what) is not valid JSON: \(error)")
    }
    guard root.isObject else { throw VerificationFailure(code: prefix + ".malformed", message: "\(what) is not a JSON object") }
    return root
  }
}

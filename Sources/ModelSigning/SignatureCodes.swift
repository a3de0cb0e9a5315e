import Diagnostics

/// The codes of the signature verifier's findings: `signature.<area>.<problem>`, each a constant.
extension DiagnosticCode {
  public static let signatureBundleDuplicateKey = DiagnosticCode("signature.bundle.duplicate-key")
  public static let signatureBundleInvalidJSON = DiagnosticCode("signature.bundle.invalid-json")
  public static let signatureBundleMalformed = DiagnosticCode("signature.bundle.malformed")
  public static let signatureBundleMediaType = DiagnosticCode("signature.bundle.media-type")
  public static let signatureBundleNoEnvelope = DiagnosticCode("signature.bundle.no-envelope")
  public static let signatureBundleNoSignature = DiagnosticCode("signature.bundle.no-signature")
  public static let signatureBundlePayloadType = DiagnosticCode("signature.bundle.payload-type")
  public static let signatureBundleTooLarge = DiagnosticCode("signature.bundle.too-large")
  public static let signatureBundleUnreadable = DiagnosticCode("signature.bundle.unreadable")
  public static let signatureCertificateInternal = DiagnosticCode("signature.certificate.internal")
  public static let signatureCertificateMalformed = DiagnosticCode("signature.certificate.malformed")
  public static let signatureCertificateMissing = DiagnosticCode("signature.certificate.missing")
  public static let signatureCertificateNoAnchor = DiagnosticCode("signature.certificate.no-anchor")
  public static let signatureCertificateUnreadable = DiagnosticCode("signature.certificate.unreadable")
  public static let signatureCertificateUnsupported = DiagnosticCode("signature.certificate.unsupported")
  public static let signatureCertificateUntrusted = DiagnosticCode("signature.certificate.untrusted")
  public static let signatureCertificateUsage = DiagnosticCode("signature.certificate.usage")
  public static let signatureContractUnavailable = DiagnosticCode("signature.contract-unavailable")
  public static let signatureFileHashMismatch = DiagnosticCode("signature.file.hash-mismatch")
  public static let signatureFileMissing = DiagnosticCode("signature.file.missing")
  public static let signatureFileNotRegular = DiagnosticCode("signature.file.not-regular")
  public static let signatureFileSymlink = DiagnosticCode("signature.file.symlink")
  public static let signatureFileUnreadable = DiagnosticCode("signature.file.unreadable")
  public static let signatureFileUnsigned = DiagnosticCode("signature.file.unsigned")
  public static let signatureIdentityMismatch = DiagnosticCode("signature.identity-mismatch")
  /// The DSSE signature does not verify with the key (`signature.invalid`).
  public static let signatureDoesNotVerify = DiagnosticCode("signature.invalid")
  public static let signatureKeyMismatch = DiagnosticCode("signature.key-mismatch")
  public static let signatureKeyUnreadable = DiagnosticCode("signature.key.unreadable")
  public static let signatureKeyUnsupported = DiagnosticCode("signature.key.unsupported")
  public static let signatureModeMismatch = DiagnosticCode("signature.mode-mismatch")
  public static let signatureNoTrust = DiagnosticCode("signature.no-trust")
  public static let signatureResourceDuplicate = DiagnosticCode("signature.resource.duplicate")
  public static let signatureResourceMismatch = DiagnosticCode("signature.resource.mismatch")
  public static let signatureResourceUnsafeName = DiagnosticCode("signature.resource.unsafe-name")
  public static let signatureSignerUnreadable = DiagnosticCode("signature.signer-unreadable")
  public static let signatureStatementDuplicateKey = DiagnosticCode("signature.statement.duplicate-key")
  public static let signatureStatementInvalidJSON = DiagnosticCode("signature.statement.invalid-json")
  public static let signatureStatementMalformed = DiagnosticCode("signature.statement.malformed")
  public static let signatureStatementPredicateType = DiagnosticCode("signature.statement.predicate-type")
  public static let signatureStatementRootMismatch = DiagnosticCode("signature.statement.root-mismatch")
  public static let signatureStatementSubject = DiagnosticCode("signature.statement.subject")
  public static let signatureStatementType = DiagnosticCode("signature.statement.type")
  public static let signatureStatementUnsupported = DiagnosticCode("signature.statement.unsupported")
  public static let signatureUntrustedSigner = DiagnosticCode("signature.untrusted-signer")
}

extension Diagnostic {
  /// A verification failure, about `file` (a model file) when there is one.
  public static func signature(_ code: DiagnosticCode, _ message: String, file: String? = nil) -> Diagnostic {
    file.map { .error(code, message, inBinaryFile: $0) } ?? .error(code, message)
  }
}

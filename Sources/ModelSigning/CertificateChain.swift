import COpenSSL
import Diagnostics

/// Certificate mode: the bundle's leaf (and intermediates) must chain to one of the configured
/// trust anchors, and the leaf must allow digital signatures for code signing.
public enum CertificateChain {
  /// Who the leaf certificate names: its subject, its identity SANs (e-mail, URI), the OIDC issuer a
  /// Sigstore certificate records, and its X.509 issuer.
  public struct LeafIdentity: Sendable, Hashable, Codable {
    public var subject: String
    public var identities: [String]
    public var oidcIssuer: String?
    public var issuer: String

    /// Whether the leaf is `identity` (a SAN, or the subject) issued by `expectedIssuer` (the OIDC
    /// issuer when the certificate records one, else its X.509 issuer), when one is expected.
    public func matches(identity: String, issuer expectedIssuer: String?) -> Bool {
      guard identities.contains(identity) || subject == identity else { return false }
      guard let expectedIssuer else { return true }
      return (oidcIssuer ?? issuer) == expectedIssuer
    }
  }

  /// Verifies `certificates` (DER, leaf first) against the PEM `anchors` (one or more certificates
  /// per file) and returns the leaf's public key and who it names.
  public static func verifyLeaf(certificates: [[UInt8]], anchors: [[UInt8]]) throws(Diagnostic)
    -> (key: PublicKey, leaf: LeafIdentity)
  {
    func fail(_ code: DiagnosticCode, _ message: String) -> Diagnostic {
      .error(code, message)
    }
    defer { ERR_clear_error() }
    guard let leafDER = certificates.first else { throw fail(.signatureCertificateMissing, "the bundle carries no certificate") }
    var parsed: [OpaquePointer] = []
    defer { for cert in parsed { X509_free(cert) } }
    for der in certificates {
      guard let cert = decodeDER(der) else { throw fail(.signatureCertificateMalformed, "a certificate is not DER X.509") }
      parsed.append(cert)
    }
    _ = leafDER
    guard let store = X509_STORE_new() else { throw fail(.signatureCertificateInternal, "X509_STORE_new failed") }
    defer { X509_STORE_free(store) }
    var anchorCount = 0
    for pem in anchors {
      for cert in decodePEMCertificates(pem) {
        X509_STORE_add_cert(store, cert)
        X509_free(cert)
        anchorCount += 1
      }
    }
    guard anchorCount > 0 else { throw fail(.signatureCertificateNoAnchor, "no trust anchor certificate could be read") }
    guard let untrusted = paved_x509_stack_new() else { throw fail(.signatureCertificateInternal, "stack allocation failed") }
    defer { paved_x509_stack_free(untrusted) }
    for cert in parsed.dropFirst() { paved_x509_stack_push(untrusted, cert) }
    guard let context = X509_STORE_CTX_new() else { throw fail(.signatureCertificateInternal, "X509_STORE_CTX_new failed") }
    defer { X509_STORE_CTX_free(context) }
    let leaf = parsed[0]
    guard X509_STORE_CTX_init(context, store, leaf, untrusted) == 1 else { throw fail(.signatureCertificateInternal, "X509_STORE_CTX_init failed") }
    if X509_verify_cert(context) != 1 {
      let error = X509_STORE_CTX_get_error(context)
      let reason = X509_verify_cert_error_string(Int(error)).map { String(cString: $0) } ?? "error \(error)"
      throw fail(.signatureCertificateUntrusted, "certificate chain does not verify against the trust anchors: \(reason)")
    }
    let flags = X509_get_extension_flags(leaf)
    guard flags & UInt32(EXFLAG_XKUSAGE) != 0, X509_get_extended_key_usage(leaf) & UInt32(XKU_CODE_SIGN) != 0 else {
      throw fail(.signatureCertificateUsage, "the signing certificate lacks the codeSigning extended key usage")
    }
    if flags & UInt32(EXFLAG_KUSAGE) != 0, X509_get_key_usage(leaf) & UInt32(KU_DIGITAL_SIGNATURE) == 0 {
      throw fail(.signatureCertificateUsage, "the signing certificate's key usage does not include digitalSignature")
    }
    guard let keyPointer = X509_get_pubkey(leaf) else { throw fail(.signatureCertificateMalformed, "the leaf has no public key") }
    let key = PublicKey(owning: keyPointer)
    guard key.algorithm != nil else { throw fail(.signatureCertificateUnsupported, "the leaf key is not ECDSA P-256/384/521 or Ed25519") }
    return (key, try identity(leaf))
  }

  static func identity(_ cert: OpaquePointer) throws(Diagnostic) -> LeafIdentity {
    var buffer = [CChar](repeating: 0, count: 8192)
    let count = paved_x509_identities(cert, &buffer, buffer.count)
    guard count >= 0 else {
      throw Diagnostic.signature(.signatureCertificateMalformed, "the signing certificate's alternative names cannot be read")
    }
    let names = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: "\n").map(
      String.init)
    var issuerBuffer = [CChar](repeating: 0, count: 2048)
    let length = paved_x509_oidc_issuer(cert, &issuerBuffer, issuerBuffer.count)
    guard length >= 0 else {
      throw Diagnostic.signature(.signatureCertificateMalformed, "the signing certificate's OIDC issuer extension is malformed")
    }
    let oidc = length > 0 ? String(decoding: issuerBuffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    return LeafIdentity(subject: subject(cert), identities: names, oidcIssuer: oidc, issuer: issuerName(cert))
  }

  static func issuerName(_ cert: OpaquePointer) -> String {
    guard let name = X509_get_issuer_name(cert) else { return "" }
    var buffer = [CChar](repeating: 0, count: 512)
    _ = X509_NAME_oneline(name, &buffer, Int32(buffer.count))
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  static func decodeDER(_ der: [UInt8]) -> OpaquePointer? {
    der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      guard let cert = d2i_X509(nil, &cursor, buffer.count) else { return nil }
      // Trailing bytes after the certificate are not accepted.
      guard let cursor, let base = buffer.baseAddress, cursor - base == buffer.count else {
        X509_free(cert)
        return nil
      }
      return cert
    }
  }

  static func decodePEMCertificates(_ pem: [UInt8]) -> [OpaquePointer] {
    pem.withUnsafeBytes { raw -> [OpaquePointer] in
      guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(clamping: raw.count)) else { return [] }
      defer { BIO_free(bio) }
      var out: [OpaquePointer] = []
      while out.count < 1024, let cert = PEM_read_bio_X509(bio, nil, nil, nil) { out.append(cert) }
      ERR_clear_error()
      return out
    }
  }

  static func subject(_ cert: OpaquePointer) -> String {
    guard let name = X509_get_subject_name(cert) else { return "" }
    var buffer = [CChar](repeating: 0, count: 512)
    _ = X509_NAME_oneline(name, &buffer, Int32(buffer.count))
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

import COpenSSL
import Diagnostics
import Hashing

/// A public key loaded through OpenSSL (ECDSA P-256/P-384/P-521 or Ed25519) that verifies
/// DSSE signatures. Owns its `EVP_PKEY`.
public final class PublicKey: @unchecked Sendable {
  let key: OpaquePointer

  init(owning key: OpaquePointer) { self.key = key }

  deinit { EVP_PKEY_free(key) }

  /// Loads a `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo) PEM.
  public convenience init(pem: [UInt8]) throws(Diagnostic) {
    let loaded: OpaquePointer? = pem.withUnsafeBytes { raw in
      guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(clamping: raw.count)) else { return nil }
      defer { BIO_free(bio) }
      return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
    }
    ERR_clear_error()
    guard let loaded else {
      throw Diagnostic.signature(.signatureKeyUnreadable, "not a PEM public key")
    }
    self.init(owning: loaded)
    guard algorithm != nil else {
      throw Diagnostic.signature(.signatureKeyUnsupported, "only ECDSA P-256/P-384/P-521 and Ed25519 keys are supported")
    }
  }

  /// `ecdsa-p256`, `ecdsa-p384`, `ecdsa-p521`, `ed25519`, or nil when unsupported.
  public var algorithm: String? {
    switch EVP_PKEY_get_base_id(key) {
    case EVP_PKEY_EC:
      switch EVP_PKEY_get_bits(key) {
      case 256: "ecdsa-p256"
      case 384: "ecdsa-p384"
      case 521: "ecdsa-p521"
      default: nil
      }
    case EVP_PKEY_ED25519: "ed25519"
    default: nil
    }
  }

  /// The key as SubjectPublicKeyInfo PEM text, as OpenSSL writes it (`openssl ... -pubout`).
  public var pem: [UInt8] {
    guard let bio = BIO_new(BIO_s_mem()) else { return [] }
    defer { BIO_free(bio) }
    guard PEM_write_bio_PUBKEY(bio, key) == 1 else { return [] }
    var out = [UInt8](repeating: 0, count: 16_384)
    let count = out.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
    return count > 0 ? Array(out.prefix(Int(count))) : []
  }

  /// Hex SHA-256 of `pem`: model-signing's key hint.
  public var hint: String { SHA256.hexDigest(pem) }

  /// Verifies a DER ECDSA signature (digest chosen by curve: SHA-256/384/512) or a raw Ed25519
  /// signature over `message`. Any OpenSSL error means "not verified".
  public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
    guard let algorithm, let context = EVP_MD_CTX_new() else { return false }
    defer {
      EVP_MD_CTX_free(context)
      ERR_clear_error()
    }
    let digest: OpaquePointer? =
      switch algorithm {
      case "ecdsa-p256": EVP_sha256()
      case "ecdsa-p384": EVP_sha384()
      case "ecdsa-p521": EVP_sha512()
      default: nil
      }
    guard EVP_DigestVerifyInit(context, nil, digest, nil, key) == 1 else { return false }
    let status = signature.withUnsafeBufferPointer { sig in
      message.withUnsafeBufferPointer { tbs in
        EVP_DigestVerify(context, sig.baseAddress, sig.count, tbs.baseAddress, tbs.count)
      }
    }
    return status == 1
  }
}

import COpenSSL

/// Incremental SHA-256 through OpenSSL's EVP interface.
///
/// Owns its `EVP_MD_CTX` and frees it in `deinit`. Not thread-safe: one hasher per stream.
public final class SHA256Hasher {
  private let context: OpaquePointer

  /// Creates a hasher ready to take bytes.
  public init() {
    // EVP_MD_CTX_new only fails on allocation failure, which Swift treats as fatal anyway.
    guard let ctx = EVP_MD_CTX_new() else { fatalError("OpenSSL: EVP_MD_CTX_new failed (out of memory)") }
    context = ctx
    EVP_DigestInit_ex(context, EVP_sha256(), nil)
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Feeds bytes into the digest.
  public func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    EVP_DigestUpdate(context, base, bytes.count)
  }

  /// Feeds the bytes of an array.
  public func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Feeds the UTF-8 bytes of a string.
  public func update(_ text: String) {
    var copy = text
    copy.withUTF8 { update(UnsafeRawBufferPointer($0)) }
  }

  /// Finishes the digest and returns its 32 bytes. The hasher must not be used afterwards.
  public func finalize() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
    return out
  }
}

/// One-shot digests and hex helpers.
public enum SHA256 {
  /// The SHA-256 of `bytes`.
  public static func digest(_ bytes: [UInt8]) -> [UInt8] {
    let hasher = SHA256Hasher()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// Lower-case hex of the SHA-256 of `bytes`.
  public static func hexDigest(_ bytes: [UInt8]) -> String { hex(digest(bytes)) }

  /// Lower-case hex encoding.
  public static func hex(_ bytes: [UInt8]) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// A SHA-256 held inline (no heap allocation): for keeping the digests of hundreds of thousands of
/// files at once.
public struct SHA256Digest: Sendable, Hashable {
  private var words: (UInt64, UInt64, UInt64, UInt64)

  /// The SHA-256 of `bytes` (one call into OpenSSL; no hasher object).
  public init(_ bytes: [UInt8]) {
    var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    withUnsafeMutableBytes(of: &out) { digest in
      var length: UInt32 = 0
      _ = bytes.withUnsafeBytes { data in
        EVP_Digest(data.baseAddress, data.count, digest.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, EVP_sha256(), nil)
      }
    }
    words = out
  }

  /// Lower-case hex.
  public var hex: String {
    withUnsafeBytes(of: words) { SHA256.hex(Array($0)) }
  }

  public static func == (l: SHA256Digest, r: SHA256Digest) -> Bool {
    l.words.0 == r.words.0 && l.words.1 == r.words.1 && l.words.2 == r.words.2 && l.words.3 == r.words.3
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
  }
}

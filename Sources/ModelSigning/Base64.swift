import Foundation

/// Strict standard base64 (RFC 4648, padding optional); URL-safe characters are also accepted
/// since DSSE allows either alphabet.
enum Base64 {
  static func decode(_ text: String) -> [UInt8]? {
    var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    guard !normalized.contains(where: { $0.isWhitespace }) else { return nil }
    while normalized.utf8.count % 4 != 0 { normalized += "=" }
    return Data(base64Encoded: normalized).map { [UInt8]($0) }
  }
}

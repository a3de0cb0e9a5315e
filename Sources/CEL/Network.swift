import Foundation

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address for the Kubernetes `net` library.
public struct CELIPAddress: Sendable, Hashable, CustomStringConvertible {
  /// Network-order bytes.
  public let bytes: [UInt8]

  /// Parses dotted IPv4 or RFC 4291 IPv6 text; zones and dotted IPv4-in-IPv6 are rejected.
  public init?(parsing text: String) {
    if text.contains(":") {
      guard let bytes = CELIPAddress.parseV6(text) else { return nil }
      self.bytes = bytes
    } else {
      guard let bytes = CELIPAddress.parseV4(text) else { return nil }
      self.bytes = bytes
    }
  }

  init(bytes: [UInt8]) { self.bytes = bytes }

  /// 4 or 6.
  public var family: Int64 { bytes.count == 4 ? 4 : 6 }

  /// IPv4-mapped IPv6 addresses as IPv4; everything else unchanged.
  var unmapped: [UInt8] {
    if bytes.count == 16 && bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
      return Array(bytes[12...])
    }
    return bytes
  }

  static func parseV4(_ text: String) -> [UInt8]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var out: [UInt8] = []
    for part in parts {
      guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
        part.count == 1 || part.first != "0", let value = UInt8(part)
      else { return nil }
      out.append(value)
    }
    return out
  }

  static func parseV6(_ text: String) -> [UInt8]? {
    guard !text.contains("%"), !text.contains("."), text.components(separatedBy: "::").count <= 2 else { return nil }
    let halves = text.components(separatedBy: "::")
    func groups(_ part: String) -> [UInt16]? {
      if part.isEmpty { return [] }
      var out: [UInt16] = []
      for group in part.split(separator: ":", omittingEmptySubsequences: false) {
        guard !group.isEmpty, group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
        out.append(value)
      }
      return out
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
      guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
      all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }

  /// Dotted IPv4 or RFC 5952 IPv6.
  public var description: String {
    if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
    let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
    var bestStart = -1
    var bestLength = 1
    var index = 0
    while index < 8 {
      if groups[index] == 0 {
        var end = index
        while end < 8 && groups[end] == 0 { end += 1 }
        if end - index > bestLength {
          bestStart = index
          bestLength = end - index
        }
        index = end
      } else {
        index += 1
      }
    }
    let hex = groups.map { String($0, radix: 16) }
    if bestStart < 0 { return hex.joined(separator: ":") }
    return hex[..<bestStart].joined(separator: ":") + "::" + hex[(bestStart + bestLength)...].joined(separator: ":")
  }

  func has(prefix: [UInt8], bits: Int) -> Bool {
    guard prefix.count == bytes.count else { return false }
    for bit in 0..<bits where (bytes[bit / 8] ^ prefix[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
    return true
  }
}

/// An address with a prefix length (`10.0.0.0/8`).
public struct CELCIDR: Sendable, Hashable, CustomStringConvertible {
  /// The address as written.
  public let address: CELIPAddress
  /// The prefix length in bits.
  public let prefixLength: Int

  /// Parses `address/length`.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let address = CELIPAddress(parsing: String(parts[0])),
      !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]),
      length <= address.bytes.count * 8
    else { return nil }
    self.address = address
    self.prefixLength = length
  }

  init(address: CELIPAddress, prefixLength: Int) {
    self.address = address
    self.prefixLength = prefixLength
  }

  /// `address/length`.
  public var description: String { "\(address)/\(prefixLength)" }

  /// The prefix with host bits cleared.
  var masked: CELCIDR {
    var bytes = address.bytes
    for bit in prefixLength..<(bytes.count * 8) { bytes[bit / 8] &= ~(0x80 >> UInt8(bit % 8)) }
    return CELCIDR(address: CELIPAddress(bytes: bytes), prefixLength: prefixLength)
  }

  func contains(_ ip: CELIPAddress) -> Bool { ip.has(prefix: address.bytes, bits: prefixLength) }
}

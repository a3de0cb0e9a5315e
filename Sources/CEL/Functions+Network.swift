import Foundation

extension Builtin {
  /// Kubernetes IP and CIDR library.
  static func registerNetwork(_ r: inout Registry) {
    r.add1("ip") { a, _ in
      switch a {
      case .string(let text): return CELIPAddress(parsing: text).map(CELValue.ip) ?? .err("invalid IP address '\(text)'")
      case .cidr(let cidr): return .ip(cidr.address)
      default: return .noOverload("ip", a)
      }
    }
    r.add1("isIP") { a, _ in
      guard case .string(let text) = a else { return .noOverload("isIP", a) }
      return .bool(CELIPAddress(parsing: text) != nil)
    }
    r.add1("ip.isCanonical") { a, _ in
      guard case .string(let text) = a else { return .noOverload("ip.isCanonical", a) }
      guard let ip = CELIPAddress(parsing: text) else { return .err("invalid IP address '\(text)'") }
      return .bool(ip.description == text)
    }
    r.add1("cidr") { a, _ in
      guard case .string(let text) = a else { return .noOverload("cidr", a) }
      return CELCIDR(parsing: text).map(CELValue.cidr) ?? .err("invalid CIDR '\(text)'")
    }
    r.add1("isCIDR") { a, _ in
      guard case .string(let text) = a else { return .noOverload("isCIDR", a) }
      return .bool(CELCIDR(parsing: text) != nil)
    }
    let predicates: [(String, @Sendable (CELIPAddress) -> Bool)] = [
      ("isUnspecified", { $0.bytes.allSatisfy { $0 == 0 } }),
      ("isLoopback", { ip in ip.bytes.count == 4 ? ip.bytes[0] == 127 : ip.bytes == Array(repeating: 0, count: 15) + [1] }),
      (
        "isLinkLocalMulticast",
        { ip in
          ip.bytes.count == 4 ? ip.has(prefix: [224, 0, 0, 0], bits: 24) : ip.bytes[0] == 0xFF && ip.bytes[1] & 0x0F == 0x02
        }
      ),
      (
        "isLinkLocalUnicast",
        { ip in
          ip.bytes.count == 4 ? ip.has(prefix: [169, 254, 0, 0], bits: 16) : ip.bytes[0] == 0xFE && ip.bytes[1] & 0xC0 == 0x80
        }
      ),
      (
        "isGlobalUnicast",
        { ip in
          let b = ip.unmapped
          if b.count == 4 {
            return
              !(b == [255, 255, 255, 255] || b == [0, 0, 0, 0] || b[0] == 127 || b[0] >= 224
              || (b[0] == 169 && b[1] == 254))
          }
          return
            !(b.allSatisfy { $0 == 0 } || b == Array(repeating: 0, count: 15) + [1] || b[0] == 0xFF
            || (b[0] == 0xFE && b[1] & 0xC0 == 0x80))
        }
      ),
    ]
    for (name, test) in predicates {
      r.add1(name) { a, _ in
        guard case .ip(let ip) = a else { return .noOverload(name, a) }
        return .bool(test(ip))
      }
    }
    r.add1("family") { a, _ in
      guard case .ip(let ip) = a else { return .noOverload("family", a) }
      return .int(ip.family)
    }
    r.add2("containsIP") { a, b, _ in
      guard case .cidr(let cidr) = a else { return .noOverload("containsIP", a, b) }
      switch b {
      case .ip(let ip): return .bool(cidr.contains(ip))
      case .string(let text):
        guard let ip = CELIPAddress(parsing: text) else { return .err("invalid IP address '\(text)'") }
        return .bool(cidr.contains(ip))
      default: return .noOverload("containsIP", a, b)
      }
    }
    r.add2("containsCIDR") { a, b, _ in
      guard case .cidr(let cidr) = a else { return .noOverload("containsCIDR", a, b) }
      let other: CELCIDR
      switch b {
      case .cidr(let c): other = c
      case .string(let text):
        guard let c = CELCIDR(parsing: text) else { return .err("invalid CIDR '\(text)'") }
        other = c
      default: return .noOverload("containsCIDR", a, b)
      }
      return .bool(other.prefixLength >= cidr.prefixLength && cidr.contains(other.address))
    }
    r.add1("masked") { a, _ in
      guard case .cidr(let cidr) = a else { return .noOverload("masked", a) }
      return .cidr(cidr.masked)
    }
    r.add1("prefixLength") { a, _ in
      guard case .cidr(let cidr) = a else { return .noOverload("prefixLength", a) }
      return .int(Int64(cidr.prefixLength))
    }
  }
}

import Diagnostics
import SpecAST

/// `spec.network`: CIDRs and addresses are well-formed, ports are TCP ports, and an egress list is
/// not empty (an empty list would cut serving pods off from their artifacts).
struct NetworkCheck: SpecCheck {
  let id = "network"

  func run(_ input: CheckInput) -> [Diagnostic] {
    guard let network = input.platform.spec.network else { return [] }
    var out: [Diagnostic] = []
    if let ip = network.nodeLocalDNS, IPAddress.parse(ip.value) == nil {
      out.append(
        .error(
          .invalidNetwork, "'\(ip.value)' is not an IP address", at: ip.range, path: ip.path,
          notes: [DiagnosticNote("NodeLocal DNSCache usually listens on 169.254.20.10")]))
    }
    for rule in network.egress ?? [] {
      if let cidr = rule.cidr, !IPAddress.isCIDR(cidr.value) {
        out.append(
          .error(
            .invalidNetwork, "'\(cidr.value)' is not a CIDR", at: cidr.range, path: cidr.path,
            notes: [DiagnosticNote("expected an address and a prefix length, e.g. 10.20.0.0/16 or ::/0")]))
      }
      for port in rule.ports where !(1...65535).contains(port.value) {
        out.append(.error(.invalidNetwork, "port \(port.value) is not between 1 and 65535", at: port.range, path: port.path))
      }
      if rule.ports.isEmpty {
        out.append(.error(.invalidNetwork, "an egress rule needs at least one port", at: rule.range, path: rule.path))
      }
    }
    if let egress = network.egress, egress.isEmpty {
      out.append(
        .error(
          .invalidNetwork, "network.egress is empty: serving pods could not reach their artifacts", at: network.egressRange, path: network.egressPath,
          notes: [DiagnosticNote("list where model storage is, or remove egress for the default (TCP 443 anywhere)")]))
    }
    for cidr in network.apiServer where !IPAddress.isCIDR(cidr.value) {
      out.append(
        .error(
          .invalidNetwork, "'\(cidr.value)' is not a CIDR", at: cidr.range, path: cidr.path,
          notes: [DiagnosticNote("the API server's address as a CIDR, e.g. 10.0.0.1/32")]))
    }
    return out
  }
}

/// IPv4 and IPv6 address and CIDR syntax.
enum IPAddress {
  enum Family { case v4, v6 }

  static func parse(_ s: String) -> Family? {
    if isV4(s) { return .v4 }
    if isV6(s) { return .v6 }
    return nil
  }

  static func isCIDR(_ s: String) -> Bool {
    let parts = s.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let family = parse(String(parts[0])), let prefix = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return false }
    return (0...(family == .v4 ? 32 : 128)).contains(prefix)
  }

  static func isV4(_ s: String) -> Bool {
    let octets = s.split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4
      && octets.allSatisfy { o in
        !o.isEmpty && o.count <= 3 && o.allSatisfy(\.isASCII) && o.allSatisfy(\.isNumber) && (Int(o) ?? 256) <= 255
          && !(o.count > 1 && o.first == "0")
      }
  }

  static func isV6(_ s: String) -> Bool {
    guard s.contains(":"), s.utf8.count <= 45 else { return false }
    let halves = s.components(separatedBy: "::")
    guard halves.count <= 2 else { return false }
    func groups(_ part: String) -> [Substring]? {
      part.isEmpty ? [] : part.split(separator: ":", omittingEmptySubsequences: false)
    }
    guard let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else { return false }
    let all = head + tail
    let hexOK = all.allSatisfy { g in !g.isEmpty && g.count <= 4 && g.allSatisfy(\.isHexDigit) }
    return hexOK && (halves.count == 2 ? all.count <= 7 : all.count == 8)
  }
}

extension DiagnosticCode {
  public static let invalidNetwork = DiagnosticCode("check.invalid-network")
}

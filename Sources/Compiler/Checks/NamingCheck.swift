import Diagnostics
import SpecAST

/// Names are DNS-1123 labels and unique within their kind; tenant × environment namespaces fit 63 characters.
struct NamingCheck: SpecCheck {
  let id = "naming"

  func run(_ input: CheckInput) -> [Diagnostic] {
    let spec = input.platform.spec
    var out: [Diagnostic] = []
    if let name = input.platform.name { out += label(name, "platform name") }
    out += unique(spec.gpuPools.compactMap(\.name), "GPU pool")
    out += unique(spec.tenants.compactMap(\.name), "tenant")
    out += unique(spec.models.compactMap(\.name), "model")
    out += unique(spec.environments, "environment")
    // Labels are ASCII, so bytes are characters (and counting bytes needs no grapheme breaking).
    let longestEnv = spec.environments.map(\.value.utf8.count).max() ?? 0
    for tenant in spec.tenants {
      guard let name = tenant.name, DNS.isLabel(name.value) else { continue }
      if name.value.utf8.count + 1 + longestEnv > 63 {
        out.append(
          .error(
            .invalidName, "tenant name '\(name.value)' is too long: namespace '\(name.value)-<environment>' would exceed 63 characters",
            at: name.range, path: name.path))
      }
    }
    return out
  }

  private func unique(_ names: [Located<String>], _ what: String) -> [Diagnostic] {
    var seen: [String: Located<String>] = [:]
    var out: [Diagnostic] = []
    for name in names {
      out += label(name, "\(what) name")
      if let first = seen[name.value] {
        out.append(
          .error(
            .duplicateName, "duplicate \(what) name '\(name.value)'", at: name.range, path: name.path,
            notes: [DiagnosticNote("first declared here", at: first.range)]))
      } else {
        seen[name.value] = name
      }
    }
    return out
  }

  private func label(_ name: Located<String>, _ what: String) -> [Diagnostic] {
    guard !DNS.isLabel(name.value) else { return [] }
    return [
      .error(
        .invalidName, "invalid \(what) '\(name.value)'", at: name.range, path: name.path,
        notes: [
          DiagnosticNote("expected a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit")
        ])
    ]
  }
}

/// Kubernetes name syntax.
public enum DNS {
  /// A DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
  public static func isLabel(_ s: String) -> Bool {
    let bytes = s.utf8
    guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
    func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
    guard alnum(first), alnum(last) else { return false }
    return bytes.allSatisfy { alnum($0) || $0 == 45 }
  }

  /// A DNS-1123 subdomain: dot-separated labels, at most 253 characters.
  public static func isSubdomain(_ s: String) -> Bool {
    guard !s.isEmpty, s.utf8.count <= 253 else { return false }
    return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
  }

  /// A label or annotation key: optional `prefix/` (a subdomain) and a name of 1–63 alphanumerics, `-`, `_`, `.`.
  public static func isQualifiedName(_ s: String) -> Bool {
    let parts = s.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2, let name = parts.last else { return false }
    if parts.count == 2 && !isSubdomain(String(parts[0])) { return false }
    return isLabelValue(String(name)) && !name.isEmpty
  }

  /// A label value: empty, or up to 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric.
  public static func isLabelValue(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    if bytes.isEmpty { return true }
    guard bytes.count <= 63 else { return false }
    func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }
    guard alnum(bytes[0]), alnum(bytes[bytes.count - 1]) else { return false }
    return bytes.allSatisfy { alnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
  }
}

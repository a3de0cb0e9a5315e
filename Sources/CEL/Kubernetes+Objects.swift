import Foundation

/// Kubernetes library values that are neither CEL primitives nor quantities/IPs.
public enum CELObject: Sendable, Hashable, CustomStringConvertible {
  /// A parsed URL (`url()`).
  case url(CELURL)
  /// A semantic version (`semver()`).
  case semver(CELSemver)
  /// A named string format (`format.dns1123Label()`).
  case format(String)

  /// The CEL type name.
  public var typeName: String {
    switch self {
    case .url: return "kubernetes.URL"
    case .semver: return "kubernetes.Semver"
    case .format: return "kubernetes.NamedFormat"
    }
  }

  /// Text form.
  public var description: String {
    switch self {
    case .url(let url): return url.text
    case .semver(let version): return version.description
    case .format(let name): return name
    }
  }
}

/// A URL as Kubernetes' `url()` accepts it: absolute (`scheme://host/path?query`) or an absolute path.
public struct CELURL: Sendable, Hashable {
  /// The original text.
  public let text: String
  /// The scheme, or "" for an absolute path.
  public let scheme: String
  /// Host including port, IPv6 literals in brackets.
  public let host: String
  /// The decoded path.
  public let path: String
  /// The raw query (without `?`).
  public let rawQuery: String

  /// Parses like Go's `url.ParseRequestURI`; nil when invalid.
  public init?(parsing text: String) {
    guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return nil
    }
    self.text = text
    var rest = Substring(text)
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    var query = ""
    if let mark = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: mark)...])
      rest = rest[..<mark]
    }
    rawQuery = query
    if rest.hasPrefix("/") {
      scheme = ""
      host = ""
      guard let decoded = String(rest).removingPercentEncoding else { return nil }
      path = decoded
      return
    }
    guard let colon = rest.firstIndex(of: ":") else { return nil }
    let schemeText = rest[..<colon]
    guard let first = schemeText.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
      schemeText.unicodeScalars.allSatisfy({
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0))
      })
    else { return nil }
    scheme = schemeText.lowercased()
    var afterScheme = rest[rest.index(after: colon)...]
    guard afterScheme.hasPrefix("//") else {
      guard afterScheme.hasPrefix("/") else { return nil }
      host = ""
      guard let decoded = String(afterScheme).removingPercentEncoding else { return nil }
      path = decoded
      return
    }
    afterScheme = afterScheme.dropFirst(2)
    let slash = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
    var authority = afterScheme[..<slash]
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { return nil }
      let after = authority[authority.index(after: close)...]
      guard after.isEmpty || (after.hasPrefix(":") && after.dropFirst().allSatisfy(\.isNumber)) else { return nil }
    } else if let portColon = authority.lastIndex(of: ":") {
      guard authority[authority.index(after: portColon)...].allSatisfy(\.isNumber) else { return nil }
    }
    host = String(authority)
    guard let decoded = String(afterScheme[slash...]).removingPercentEncoding else { return nil }
    path = decoded
  }

  /// Host without port or IPv6 brackets.
  var hostname: String {
    if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
      return String(host[host.index(after: host.startIndex)..<close])
    }
    if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
    return host
  }

  /// The port, or "".
  var port: String {
    var rest = Substring(host)
    if host.hasPrefix("["), let close = host.firstIndex(of: "]") { rest = host[host.index(after: close)...] }
    if let colon = rest.lastIndex(of: ":") { return String(rest[rest.index(after: colon)...]) }
    return ""
  }

  /// The path percent-encoded like Go's `URL.EscapedPath`.
  var escapedPath: String {
    var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-._~$&+,/:;=@!'()*")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }

  /// Query parameters, values in order, like Go's `url.ParseQuery`.
  var queryValues: CELValue {
    var keys: [String] = []
    var values: [String: [CELValue]] = [:]
    for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ s: Substring) -> String {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
      }
      let key = decode(parts[0])
      let value = parts.count > 1 ? decode(parts[1]) : ""
      if values[key] == nil { keys.append(key) }
      values[key, default: []].append(.string(value))
    }
    return .map(CELMap(replacingDuplicates: keys.map { (.string($0), .list(values[$0] ?? [])) }))
  }
}

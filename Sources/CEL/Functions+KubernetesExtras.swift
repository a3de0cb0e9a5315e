import Foundation

extension Builtin {
  /// Kubernetes URL, semver and named-format libraries.
  static func registerKubernetesExtras(_ r: inout Registry) {
    r.add1("url") { a, _ in
      guard case .string(let text) = a else { return .noOverload("url", a) }
      return CELURL(parsing: text).map { .object(.url($0)) } ?? .err("URL parse error during conversion from string: \(text)")
    }
    r.add1("isURL") { a, _ in
      guard case .string(let text) = a else { return .noOverload("isURL", a) }
      return .bool(CELURL(parsing: text) != nil)
    }
    let urlParts: [(String, @Sendable (CELURL) -> CELValue)] = [
      ("getScheme", { .string($0.scheme) }), ("getHost", { .string($0.host) }),
      ("getHostname", { .string($0.hostname) }), ("getPort", { .string($0.port) }),
      ("getEscapedPath", { .string($0.escapedPath) }), ("getQuery", { $0.queryValues }),
    ]
    for (name, part) in urlParts {
      r.add1(name) { a, _ in
        guard case .object(.url(let url)) = a else { return .noOverload(name, a) }
        return part(url)
      }
    }
    r.add1("semver") { a, _ in semver(a, .bool(false)) }
    r.add2("semver") { a, b, _ in semver(a, b) }
    r.add1("isSemver") { a, _ in
      guard case .string(let text) = a else { return .noOverload("isSemver", a) }
      return .bool(CELSemver(parsing: text) != nil)
    }
    r.add2("isSemver") { a, b, _ in
      guard case .string(let text) = a, case .bool(let normalize) = b else { return .noOverload("isSemver", a, b) }
      return .bool(CELSemver(parsing: text, normalize: normalize) != nil)
    }
    let versionParts: [(String, @Sendable (CELSemver) -> Int64)] = [
      ("major", { $0.major }), ("minor", { $0.minor }), ("patch", { $0.patch }),
    ]
    for (name, part) in versionParts {
      r.add1(name) { a, _ in
        guard case .object(.semver(let version)) = a else { return .noOverload(name, a) }
        return .int(part(version))
      }
    }
    r.add1("format.named") { a, _ in
      guard case .string(let name) = a else { return .noOverload("format.named", a) }
      return .optional(NamedFormats.validators[name] != nil ? .object(.format(name)) : nil)
    }
    for name in NamedFormats.validators.keys {
      r.addN("format." + name, arity: 0) { _, _ in .object(.format(name)) }
    }
    r.add2("validate") { a, b, s in
      guard case .object(.format(let name)) = a, case .string(let text) = b,
        let validator = NamedFormats.validators[name]
      else { return .noOverload("validate", a, b) }
      guard s.charge(text.utf8.count / 8) else { return EvalState.costError }
      let errors = validator(text)
      return .optional(errors.isEmpty ? nil : .list(errors.map(CELValue.string)))
    }
  }

  static func semver(_ a: CELValue, _ b: CELValue) -> CELValue {
    guard case .string(let text) = a, case .bool(let normalize) = b else { return .noOverload("semver", a, b) }
    return CELSemver(parsing: text, normalize: normalize).map { .object(.semver($0)) }
      ?? .err("invalid semver '\(text)'")
  }
}

/// Validators behind `format.named(...)` (Kubernetes apimachinery rules); each returns error messages.
enum NamedFormats {
  static let validators: [String: @Sendable (String) -> [String]] = [
    "dns1123Label": { dns1123Label($0) },
    "dns1123Subdomain": { dns1123Subdomain($0) },
    "dns1035Label": { dns1035Label($0) },
    "qualifiedName": { qualifiedName($0) },
    "dns1123LabelPrefix": { dns1123Label(maskTrailingDash($0)) },
    "dns1123SubdomainPrefix": { dns1123Subdomain(maskTrailingDash($0)) },
    "dns1035LabelPrefix": { dns1035Label(maskTrailingDash($0)) },
    "labelValue": { labelValue($0) },
    "uri": { CELURL(parsing: $0) == nil ? ["invalid URI"] : [] },
    "uuid": {
      matches($0, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        ? [] : ["does not match the UUID format"]
    },
    "byte": { Data(base64Encoded: $0) == nil ? ["invalid base64"] : [] },
    "date": { CELTimestamp.parse($0 + "T00:00:00Z") == nil ? ["invalid date"] : [] },
    "datetime": { CELTimestamp.parse($0) == nil ? ["invalid datetime"] : [] },
  ]

  static func matches(_ text: String, _ pattern: String) -> Bool {
    (try? RegexCache.shared.regex(pattern).firstMatch(in: text)) != nil
  }

  static func maskTrailingDash(_ text: String) -> String {
    text.hasSuffix("-") && text.count > 1 ? String(text.dropLast()) + "a" : text
  }

  static let label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
  static let qualifiedNamePart = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"

  static func dns1123Label(_ text: String) -> [String] {
    var errors: [String] = []
    if text.count > 63 { errors.append("must be no more than 63 characters") }
    if !matches(text, "^" + label + "$") {
      errors.append(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character")
    }
    return errors
  }

  static func dns1123Subdomain(_ text: String) -> [String] {
    var errors: [String] = []
    if text.count > 253 { errors.append("must be no more than 253 characters") }
    if !matches(text, "^" + label + "(\\." + label + ")*$") {
      errors.append(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
      )
    }
    return errors
  }

  static func dns1035Label(_ text: String) -> [String] {
    var errors: [String] = []
    if text.count > 63 { errors.append("must be no more than 63 characters") }
    if !matches(text, "^[a-z]([-a-z0-9]*[a-z0-9])?$") {
      errors.append(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
      )
    }
    return errors
  }

  static func qualifiedName(_ text: String) -> [String] {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    var name = text
    var errors: [String] = []
    if parts.count == 2 {
      if parts[0].isEmpty { errors.append("prefix part must be non-empty") }
      errors += dns1123Subdomain(parts[0]).map { "prefix part " + $0 }
      name = parts[1]
    } else if parts.count > 2 {
      return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'"]
    }
    if name.isEmpty { errors.append("name part must be non-empty") }
    if name.count > 63 { errors.append("name part must be no more than 63 characters") }
    if !name.isEmpty && !matches(name, "^" + qualifiedNamePart + "$") {
      errors.append("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
    }
    return errors
  }

  static func labelValue(_ text: String) -> [String] {
    var errors: [String] = []
    if text.count > 63 { errors.append("must be no more than 63 characters") }
    if !matches(text, "^(" + qualifiedNamePart + ")?$") {
      errors.append(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
      )
    }
    return errors
  }
}

import Diagnostics
import SpecAST

/// Every tenant has at least one owner, written `group:NAME` or `user:NAME`.
struct OwnersCheck: SpecCheck {
  let id = "owners"
  static let kinds = ["group", "user"]

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for tenant in input.platform.spec.tenants {
      if tenant.owners.isEmpty, let range = tenant.ownersRange {
        out.append(
          .error(
            .invalidOwner, "tenant '\(tenant.name?.value ?? "?")' has no owners", at: range, path: tenant.path.appending("owners"),
            notes: [DiagnosticNote("list at least one 'group:NAME' or 'user:NAME'")]))
      }
      var seen: Set<String> = []
      for owner in tenant.owners {
        if Self.parse(owner.value) == nil {
          var notes = [DiagnosticNote("expected 'group:NAME' or 'user:NAME'")]
          if let prefix = owner.value.split(separator: ":").first, let s = Suggestion.didYouMean(String(prefix), in: Self.kinds) {
            notes.insert(DiagnosticNote(s), at: 0)
          }
          out.append(.error(.invalidOwner, "invalid owner '\(owner.value)'", at: owner.range, path: owner.path, notes: notes))
        } else if !seen.insert(owner.value).inserted {
          out.append(.error(.duplicateName, "owner '\(owner.value)' is listed twice", at: owner.range, path: owner.path))
        }
      }
    }
    return out
  }

  /// Splits `group:ml-search` into its kind and name.
  static func parse(_ text: String) -> (kind: String, name: String)? {
    guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    let kind = text[..<colon]
    let name = text[text.utf8.index(after: colon)...]
    guard kinds.contains(where: { $0 == kind }), !name.isEmpty else { return nil }
    // ASCII whitespace needs no look at the characters; anything else (rare) does.
    if name.utf8.contains(where: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { return nil }
    if name.utf8.contains(where: { $0 >= 0x80 }), name.contains(where: { $0.isWhitespace }) { return nil }
    return (String(kind), String(name))
  }
}

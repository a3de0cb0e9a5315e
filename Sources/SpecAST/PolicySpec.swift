import Diagnostics
import SpecSyntax

/// `policies/<name>.yaml`: one policy as written (positions kept, expressions not compiled yet).
public struct PolicyDocument: Sendable {
  public var file: String
  public var name: Located<String>?
  public var spec: PolicySpec
}

/// `spec` of a Policy document.
public struct PolicySpec: Sendable {
  /// `platform` (sees the compiled platform and every emitted object) or `object` (sees one object).
  public var scope: Located<String>?
  /// `error` or `warning`.
  public var severity: Located<String>?
  /// `match.kinds`: the Kubernetes kinds an object-scope policy applies to.
  public var kinds: [Located<String>] = []
  /// `match.namespaces`: `tenants` (the default), `all`, or a list of namespace names.
  public var namespaces: Located<PolicyNamespaces>?
  public var variables: [PolicyVariableSpec] = []
  public var rules: [PolicyRuleSpec] = []
  public var exceptions: [PolicyExceptionSpec] = []
  public var range: SourceRange
}

/// Where an object-scope policy applies at admission.
public enum PolicyNamespaces: Sendable, Equatable {
  /// The tenant namespaces Paved renders (the default).
  case tenants
  /// Every namespace but the platform's system namespaces.
  case all
  /// Exactly these namespaces (system namespaces only when named here).
  case named([String])
}

/// A CEL expression as written in a YAML scalar: the text plus how it was quoted, so positions inside
/// the expression can be mapped back to the file.
public struct LocatedExpression: Sendable {
  public var text: String
  /// Where the scalar starts (for quoted scalars, at the quote; for block scalars, at the indicator).
  public var range: SourceRange
  public var path: DataPath
  public var style: LocatedNode.ScalarStyle

  public init(text: String, range: SourceRange, path: DataPath, style: LocatedNode.ScalarStyle) {
    self.text = text
    self.range = range
    self.path = path
    self.style = style
  }
}

/// `spec.variables[i]`: a named expression, read by rules as `variables.<name>`.
public struct PolicyVariableSpec: Sendable {
  public var name: Located<String>?
  public var expression: LocatedExpression?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.rules[i]`: an expression that must be true, and what to say when it is not.
public struct PolicyRuleSpec: Sendable {
  /// Optional rule name (exceptions can name it); defaults to `rule-<index+1>`.
  public var name: Located<String>?
  public var expression: LocatedExpression?
  public var message: Located<String>?
  public var messageExpression: LocatedExpression?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.exceptions[i]`: a reviewed, owned, expiring waiver.
public struct PolicyExceptionSpec: Sendable {
  /// `match.rules`: rule names it covers (all rules when empty).
  public var rules: [Located<String>] = []
  /// `match.namespaces` / `match.names` / `match.kinds` (object scope): objects it covers (any when empty).
  public var namespaces: [Located<String>] = []
  public var names: [Located<String>] = []
  public var kinds: [Located<String>] = []
  public var reason: Located<String>?
  public var owner: Located<String>?
  /// `YYYY-MM-DD`, validated by the decoder: (year, month, day).
  public var expires: Located<PolicyDate>?
  public var range: SourceRange
  public var path: DataPath
}

/// A calendar date (UTC), compared as year, month, day.
public struct PolicyDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` (a real calendar day); nil otherwise.
  public static func parse(_ text: String) -> PolicyDate? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
    else { return nil }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return d <= days ? PolicyDate(year: y, month: m, day: d) : nil
  }

  public var description: String {
    func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (l: PolicyDate, r: PolicyDate) -> Bool { (l.year, l.month, l.day) < (r.year, r.month, r.day) }
}

#if canImport(Foundation)
import Foundation

extension PolicyDate {
  /// Today's date in UTC.
  public static func today() -> PolicyDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let c = calendar.dateComponents([.year, .month, .day], from: Date())
    return PolicyDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
  }
}
#endif

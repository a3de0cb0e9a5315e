import CEL
import Diagnostics
import SpecAST

/// A policy ready to evaluate: every expression compiled once, reusable across inputs and threads.
public struct CompiledPolicy: Sendable {
  public enum Scope: String, Sendable { case platform, object }

  public var name: String
  /// The file as diagnostics name it.
  public var file: String
  /// The file relative to the platform's root, as rendered output names it.
  public var source: String = ""
  public var scope: Scope
  public var severity: Severity
  /// Kinds an object-scope policy applies to (empty for platform scope).
  public var kinds: [KubernetesKind]
  /// Where an object-scope policy applies (`match.namespaces`).
  public var namespaces: PolicyNamespaces = .tenants
  public var variables: [Variable]
  public var rules: [Rule]
  public var exceptions: [Exception]
  /// Where the document's `metadata.name` is (for diagnostics about the policy as a whole).
  public var range: SourceRange

  /// A named expression bound as `variables.<name>`.
  public struct Variable: Sendable {
    public var name: String
    public var program: CELProgram
    public var source: LocatedExpression
    /// True when it reads `platform` (and not `object`): a constant per platform, inlined at admission.
    public var readsPlatform: Bool
  }

  /// A rule: an expression that must be true.
  public struct Rule: Sendable {
    public var name: String
    public var program: CELProgram
    public var source: LocatedExpression
    public var message: String?
    public var messageProgram: CELProgram?
    public var messageSource: LocatedExpression?
  }

  /// A waiver of some violations, until a date.
  public struct Exception: Sendable {
    public var rules: [String]
    public var kinds: [String]
    public var namespaces: [String]
    public var names: [String]
    public var reason: String
    public var owner: String
    public var expires: PolicyDate
    public var range: SourceRange
    public var expiresRange: SourceRange
  }
}

extension CompiledPolicy {
  /// Whether `match.namespaces` covers the object (cluster-scoped objects: always).
  func reaches(_ object: PolicyObject) -> Bool {
    guard case .named(let names) = namespaces, let namespace = object.identity.namespace else { return true }
    return names.contains(namespace)
  }
}

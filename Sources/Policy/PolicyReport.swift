import Artifacts
import Diagnostics

/// One broken rule on one subject (the platform, or one emitted object).
public struct Violation: Sendable {
  public var policy: String
  public var rule: String
  public var severity: Severity
  public var message: String
  /// The object the rule failed on (object scope), if any.
  public var object: ObjectIdentity?
  /// The rendered diagnostic (policy, rule, message, spec and policy positions).
  public var diagnostic: Diagnostic
}

/// What happened to one policy in a check: for per-policy reports (JUnit test cases, summaries).
public struct PolicyOutcome: Sendable {
  public var policy: String
  public var file: String
  public var scope: CompiledPolicy.Scope
  public var severity: Severity
  /// Subjects evaluated (1 for platform scope; matching objects for object scope).
  public var subjects: Int
  /// Diagnostics this policy produced (violations, suppressed ones excluded; evaluation errors; expired exceptions).
  public var diagnostics: [Diagnostic]
  /// Violations an unexpired exception waived.
  public var suppressed: Int
}

/// The result of evaluating a policy set.
public struct PolicyReport: Sendable {
  public var violations: [Violation] = []
  public var outcomes: [PolicyOutcome] = []
  /// Every diagnostic of every policy, in policy order.
  public var diagnostics: [Diagnostic] { outcomes.flatMap(\.diagnostics) }

  public init() {}
}

extension DiagnosticCode {
  /// A policy evaluation failed (error value, non-bool result, cost limit).
  public static let policyEvaluation = DiagnosticCode("policy.evaluation-error")
  /// An exception is past its `expires` date.
  public static let exceptionExpired = DiagnosticCode("policy.exception-expired")

  /// The code of a violation of policy `name`: `policy/<name>`.
  public static func violation(of name: String) -> DiagnosticCode { DiagnosticCode("policy/\(name)") }
}

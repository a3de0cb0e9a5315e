import Diagnostics

/// `environments/<name>.yaml`: one environment's cluster and pinned model versions.
public struct EnvironmentDocument: Sendable {
  public var file: String
  public var name: Located<String>?
  public var cluster: ClusterSpec?
  public var models: [KeyedValue<ModelPinSpec>] = []
  /// Who approves changes to this environment's file (CODEOWNERS): `group:x` or `user:y`.
  public var approvers: [Located<String>]?
  /// How a model version reaches this environment (`paved promote`).
  public var promotion: PromotionSpec?
  public var range: SourceRange
}

/// `spec.promotion` of an environment file: where candidates come from, how long they must have
/// run there, what evidence a promotion needs, and whether it goes through a canary first.
public struct PromotionSpec: Sendable {
  /// The source environment (default: the previous one in `spec.environments`).
  public var from: Located<String>?
  /// How long the candidate must have been pinned in the source, e.g. `24h`, `30m`, `7d`.
  public var soak: Located<String>?
  /// Evidence the promotion needs: `contract`, `signature`, `compatible`, `check` (default: all four).
  public var requires: [Located<String>]?
  /// Promote as a canary taking this share of the traffic first, then in full.
  public var canaryTraffic: Located<Int>?
  public var range: SourceRange
  public var path: DataPath
}

/// The cluster an environment deploys to.
public struct ClusterSpec: Sendable {
  public var name: Located<String>?
  public var server: Located<String>?
  /// Flux: the Secret holding this cluster's kubeconfig (default `<cluster name>-kubeconfig`).
  public var kubeConfigSecret: Located<String>?
  public var range: SourceRange
}

/// Which artifact of a model runs in an environment, and optionally a canary candidate.
public struct ModelPinSpec: Sendable {
  public var version: Located<String>?
  public var artifact: Located<String>?
  public var digest: Located<String>?
  public var canary: CanarySpec?
  public var range: SourceRange
  public var path: DataPath
}

/// A candidate version receiving a share of the traffic next to the pinned (stable) version.
public struct CanarySpec: Sendable {
  public var version: Located<String>?
  public var artifact: Located<String>?
  public var digest: Located<String>?
  /// Percentage of requests sent to the candidate, 0–100.
  public var traffic: Located<Int>?
  public var range: SourceRange
  public var path: DataPath
}

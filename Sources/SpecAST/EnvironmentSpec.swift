import Diagnostics

/// `environments/<name>.yaml`: one environment's cluster and pinned model versions.
public struct EnvironmentDocument: Sendable {
  public var file: String
  public var name: Located<String>?
  public var cluster: ClusterSpec?
  public var models: [KeyedValue<ModelPinSpec>] = []
  /// Who approves changes to this environment's file (CODEOWNERS): `group:x` or `user:y`.
  public var approvers: [Located<String>]?
  public var range: SourceRange
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

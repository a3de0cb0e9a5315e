import Diagnostics

/// `environments/<name>.yaml`: one environment's cluster and pinned model versions.
public struct EnvironmentDocument: Sendable {
  public var file: String
  public var name: Located<String>?
  public var cluster: ClusterSpec?
  public var models: [KeyedValue<ModelPinSpec>] = []
  public var range: SourceRange
}

/// The cluster an environment deploys to.
public struct ClusterSpec: Sendable {
  public var name: Located<String>?
  public var server: Located<String>?
  public var range: SourceRange
}

/// Which artifact of a model runs in an environment.
public struct ModelPinSpec: Sendable {
  public var version: Located<String>?
  public var artifact: Located<String>?
  public var digest: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

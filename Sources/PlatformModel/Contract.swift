import Foundation

/// What every artifact of a model must satisfy; checked by the artifact validation engine.
public struct Contract: Sendable, Equatable {
  public var formats: [String]
  public var inputs: [TensorContract]
  public var outputs: [TensorContract]
  public var maxSizeBytes: Int64?
  public var requiredMetadata: [String]
  /// Metric thresholds sorted by metric name.
  public var metrics: [MetricThreshold]
  public var signed: Bool
  public var pickle: String
  /// Who may sign the artifacts: only these verify (command-line keys may narrow them, never widen).
  public var signers: [Signer]

  public init(
    formats: [String], inputs: [TensorContract], outputs: [TensorContract], maxSizeBytes: Int64?,
    requiredMetadata: [String], metrics: [MetricThreshold], signed: Bool, pickle: String, signers: [Signer] = []
  ) {
    self.signers = signers
    self.formats = formats
    self.inputs = inputs
    self.outputs = outputs
    self.maxSizeBytes = maxSizeBytes
    self.requiredMetadata = requiredMetadata
    self.metrics = metrics.sorted { $0.metric < $1.metric }
    self.signed = signed
    self.pickle = pickle
  }
}

/// A trusted signer of a model's artifacts. Paths are relative to the platform's directory.
public enum Signer: Sendable, Equatable {
  /// A SubjectPublicKeyInfo PEM file: bundles in key mode signed with it.
  case publicKey(path: String)
  /// Bundles in certificate mode whose chain reaches `roots` and whose leaf names `identity` (and
  /// `issuer`, when given).
  case certificate(identity: String, issuer: String?, roots: String)

  /// The files it names.
  public var files: [String] {
    switch self {
    case .publicKey(let path): [path]
    case .certificate(_, _, let roots): [roots]
    }
  }
}

/// A named tensor with dtype and shape (-1 or a symbol for any size).
public struct TensorContract: Sendable, Equatable {
  public enum Dimension: Sendable, Equatable {
    case fixed(Int)
    case any
    case symbolic(String)
  }
  public var name: String
  public var dtype: String
  public var shape: [Dimension]

  public init(name: String, dtype: String, shape: [Dimension]) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
  }
}

/// `auc: ">= 0.85"`: a metric, a comparison and a bound.
public struct MetricThreshold: Sendable, Equatable {
  public enum Comparison: String, Sendable, CaseIterable {
    case greaterOrEqual = ">="
    case lessOrEqual = "<="
    case greater = ">"
    case less = "<"
    case equal = "=="
  }
  public var metric: String
  public var comparison: Comparison
  public var bound: Double

  public init(metric: String, comparison: Comparison, bound: Double) {
    self.metric = metric
    self.comparison = comparison
    self.bound = bound
  }

  /// Parses `">= 0.85"`; nil when malformed.
  public static func parse(metric: String, _ text: String) -> MetricThreshold? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    for comparison in [Comparison.greaterOrEqual, .lessOrEqual, .equal, .greater, .less] where trimmed.hasPrefix(comparison.rawValue) {
      let rest = trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
      guard let bound = Double(rest), bound.isFinite else { return nil }
      return MetricThreshold(metric: metric, comparison: comparison, bound: bound)
    }
    return nil
  }
}

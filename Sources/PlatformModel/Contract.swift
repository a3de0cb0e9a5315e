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

  public init(
    formats: [String], inputs: [TensorContract], outputs: [TensorContract], maxSizeBytes: Int64?,
    requiredMetadata: [String], metrics: [MetricThreshold], signed: Bool, pickle: String
  ) {
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

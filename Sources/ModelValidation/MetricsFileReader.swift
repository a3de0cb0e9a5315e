import Diagnostics
import ModelArtifacts

/// Reads `metrics.json`: a JSON object of metric name → number, either at the top level or
/// under `"metrics"`. Non-numeric values are reported and ignored.
public enum MetricsFileReader {
  /// Parses `bytes` read from `file`; returns metrics in document order.
  public static func read(_ bytes: [UInt8], file: String) -> (metrics: [(name: String, value: Double)], diagnostics: [Diagnostic]) {
    let json: JSONValue
    do {
      json = try StrictJSON.parse(bytes, file: file, codes: .init(invalid: .metricsInvalidJSON, duplicateKey: .metricsDuplicateKey))
    } catch {
      return ([], [.error(.metricsMalformed, "metrics.json is not valid JSON: \(error)", at: .file(file))])
    }
    guard case .object(var fields) = json else {
      return ([], [.error(.metricsMalformed, "metrics.json must be a JSON object of metric name to number", at: .file(file))])
    }
    if let nested = fields.first(where: { $0.key == "metrics" }), case .object(let inner) = nested.value { fields = inner }
    var metrics: [(name: String, value: Double)] = []
    var diagnostics: [Diagnostic] = []
    for field in fields.prefix(100_000) {
      guard case .number(let text) = field.value, let value = Double(text), value.isFinite else {
        diagnostics.append(.warning(.metricsMalformed, "metric '\(field.key)' is \(field.value.kind), not a number; ignored", at: .file(file)))
        continue
      }
      metrics.append((field.key, value))
    }
    return (metrics, diagnostics)
  }
}

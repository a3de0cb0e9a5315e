import ModelArtifacts
import ModelValidation

/// A model's metadata and metrics as the reports list them: two tables of key, value and where it was
/// read, each in key order.
struct SourcedRows {
  /// The Markdown table's first column (`Metadata`, `Metric`).
  let title: String
  /// The text report's heading (`metadata`, `metrics`).
  let heading: String
  let rows: [(key: String, value: String, source: Provenance)]

  /// `Metadata` (at most `metadataLimit` rows), then `Metrics`.
  static func tables(_ d: ModelDescription, metadataLimit: Int = .max) -> [SourcedRows] {
    [
      SourcedRows(
        title: "Metadata", heading: "metadata",
        rows: d.metadata.sorted { $0.key < $1.key }.prefix(metadataLimit).map { ($0.key, $0.value.value.display, $0.value.source) }),
      SourcedRows(
        title: "Metric", heading: "metrics", rows: d.metrics.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value.value)", $0.value.source) }),
    ]
  }
}

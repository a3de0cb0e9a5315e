import Diagnostics
import JSONWriting
import ModelArtifacts
import ModelSigning
import ModelValidation
import TextEscaping

/// Renders `paved model validate` reports (text, JSON, Markdown for a promotion PR body) and
/// `paved model inspect` descriptions (text, JSON). Pure and deterministic.
public enum ReportRenderer {
  static func mark(_ status: CheckResult.Status) -> String {
    switch status {
    case .pass: "✅ pass"
    case .fail: "❌ fail"
    case .skip: "➖ skip"
    }
  }

  /// Plain text: one line per check, then the findings.
  public static func text(_ report: ValidationReport, catalog: SourceCatalog) -> String {
    var out = "model \(report.model), artifact \(report.artifact)" + (report.environment.map { ", environment \($0)" } ?? "") + "\n"
    for check in report.checks {
      out += "  \(check.status.rawValue.padded(to: 4)) \(check.id.padded(to: 13)) \(check.detail)\n"
    }
    let findings = TextRenderer(catalog: catalog).render(report.diagnostics)
    if !findings.isEmpty { out += "\n" + findings }
    out +=
      report.passed ? "ok: \(report.artifact) satisfies the contract of \(report.model)\n" : "failed: \(report.diagnostics.errorCount) error(s)\n"
    return out
  }

  /// JSON with `formatVersion`, `ok`, checks, diagnostics, the artifact and the signature.
  public static func json(_ report: ValidationReport) -> String {
    var object: [String: JSON] = [
      "ok": .bool(report.passed), "model": .string(report.model), "artifact": .string(report.artifact),
      "environment": .string(report.environment), "baselineVersion": .string(report.baselineVersion),
      "checks": .array(report.checks.map { ["id": .string($0.id), "status": .string($0.status.rawValue), "detail": .string($0.detail)] }),
      "diagnostics": .array(report.diagnostics.sorted.map(JSONOutput.diagnostic)),
      "errorCount": .integer(report.diagnostics.errorCount), "warningCount": .integer(report.diagnostics.warningCount),
    ]
    if let d = report.description { object["description"] = .object(JSONOutput.description(d)) }
    if let s = report.signature { object["signature"] = .object(JSONOutput.signature(s)) }
    return JSONOutput.render(object)
  }

  /// Markdown for a promotion pull request body.
  public static func markdown(_ report: ValidationReport) -> String {
    var out = "### Model `\(report.model)`: " + (report.passed ? "✅ contract satisfied" : "❌ \(report.diagnostics.errorCount) problem(s)") + "\n\n"
    out += "Artifact `\(report.artifact)`" + (report.environment.map { " → environment `\($0)`" } ?? "")
    if let baseline = report.baselineVersion { out += ", compared with pinned version `\(baseline)`" }
    out += "\n\n| Check | Result | Details |\n|---|---|---|\n"
    for check in report.checks { out += "| \(check.id) | \(mark(check.status)) | \(cell(check.detail)) |\n" }
    let problems = report.diagnostics.sorted
    if !problems.isEmpty {
      out += "\n#### Findings\n\n"
      for d in problems {
        out += "- **\(d.severity.rawValue)** `\(d.code.rawValue)`: \(cell(d.summary))\n"
        for note in d.notes { out += "  - \(cell(note.message))\n" }
      }
    }
    if let d = report.description {
      out += "\n<details><summary>Artifact: \(d.formats.joined(separator: ", ")), \(d.totalSize) bytes, \(d.facts.files.count) file(s)</summary>\n\n"
      if let digest = d.pinDigest { out += "Digest: `\(digest)`" + (d.isSingleFile ? " (file SHA-256)" : " (model-signing root)") + "\n\n" }
      if !d.inputs.isEmpty || !d.outputs.isEmpty {
        out += "| Tensor | dtype | shape |\n|---|---|---|\n"
        for t in d.inputs { out += "| in `\(t.name)` | \(t.dtype) | \(TensorMatching.describe(t.shape)) |\n" }
        for t in d.outputs { out += "| out `\(t.name)` | \(t.dtype) | \(TensorMatching.describe(t.shape)) |\n" }
        out += "\n"
      }
      for table in SourcedRows.tables(d, metadataLimit: 50) where !table.rows.isEmpty {
        out += "| \(table.title) | Value | Source |\n|---|---|---|\n"
        for row in table.rows { out += "| \(cell(row.key)) | \(cell(String(row.value.prefix(80)))) | \(cell(row.source.description)) |\n" }
        out += "\n"
      }
      out += "</details>\n"
    }
    return out
  }

  /// Escapes a table cell: a pipe would end it, a newline the row.
  static func cell(_ text: String) -> String { tableCell.escaped(text) }

  private static let tableCell = ScalarEscapes(["|": "\\|", "\n": " "])
}

extension String {
  /// Padded with spaces to `width` characters, for a text column; `overflow` is appended instead when
  /// the text already fills the column (a separator the next column needs).
  func padded(to width: Int, overflow: String = "") -> String {
    count >= width ? self + overflow : self + String(repeating: " ", count: width - count)
  }
}

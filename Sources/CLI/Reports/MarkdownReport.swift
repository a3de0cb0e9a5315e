import Diagnostics
import Policy

/// Renders a check as Markdown for a pull-request comment: a summary table per policy, then every finding.
public enum MarkdownReport {
  public static func render(_ diagnostics: Diagnostics, outcomes: [PolicyOutcome]) -> String {
    var out = "## paved check\n\n"
    let errors = diagnostics.errorCount
    let warnings = diagnostics.warningCount
    out += errors == 0 ? "**Passed**" : "**Failed**"
    out += ": \(errors) error(s), \(warnings) warning(s), \(outcomes.count) polic\(outcomes.count == 1 ? "y" : "ies").\n\n"
    if !outcomes.isEmpty {
      out += "| policy | scope | severity | checked | result |\n|---|---|---|---|---|\n"
      for o in outcomes {
        let n = o.diagnostics.filter { $0.severity != .note }.count
        let result = n == 0 ? "pass" + (o.suppressed > 0 ? " (\(o.suppressed) waived)" : "") : "\(n) finding(s)"
        out += "| `\(cell(o.policy))` | \(o.scope.rawValue) | \(o.severity.rawValue) | \(o.subjects) | \(result) |\n"
      }
      out += "\n"
    }
    let findings = diagnostics.sorted.filter { $0.severity != .note }
    if !findings.isEmpty {
      out += "### Findings\n\n"
      for d in findings {
        let at = d.range.map { " at `\($0.start)`" } ?? ""
        out += "- **\(d.severity.rawValue)** `\(cell(d.code.rawValue))`\(at): \(cell(d.summary))\n"
        for n in d.notes { out += "  - \(cell(n.message))" + (n.range.map { " (`\($0.start)`)" } ?? "") + "\n" }
      }
    }
    return out
  }

  /// Escapes characters that would break a table cell or inline markup.
  static func cell(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "`", with: "'")
  }
}

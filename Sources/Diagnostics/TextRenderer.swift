/// Renders diagnostics for a terminal: a header, the location, the source line with a caret, notes.
///
/// ```
/// error[spec.unknown-key]: unknown key 'tenats'
///   --> platform.yaml:12:3
///    |
/// 12 |   tenats:
///    |   ^^^^^^
///    = path: spec.tenats
///    = help: did you mean 'tenants'?
/// ```
public struct TextRenderer: Sendable {
  public var catalog: SourceCatalog

  public init(catalog: SourceCatalog) { self.catalog = catalog }

  /// All diagnostics followed by a one-line summary.
  public func render(_ diagnostics: Diagnostics) -> String {
    var out = ""
    for diagnostic in diagnostics.sorted { out += render(diagnostic) + "\n" }
    let errors = diagnostics.errorCount
    let warnings = diagnostics.warningCount
    if errors > 0 || warnings > 0 {
      out += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
    }
    return out
  }

  /// One diagnostic, several lines, no trailing newline.
  public func render(_ d: Diagnostic) -> String {
    var lines = ["\(d.severity.rawValue)[\(d.code)]: \(d.summary)"]
    if let range = d.range, let location = d.location {
      lines.append("  --> \(location)")
      if d.binary == nil { lines.append(contentsOf: snippet(for: range)) }
    }
    if let path = d.path { lines.append("   = path: \(path)") }
    for note in d.notes {
      if let range = note.range {
        lines.append("   = note: \(note.message) (\(range.start))")
      } else {
        lines.append("   = note: \(note.message)")
      }
    }
    return lines.joined(separator: "\n")
  }

  private func snippet(for range: SourceRange) -> [String] {
    guard let source = catalog.line(range.start.line, in: range.start.file) else { return [] }
    let number = String(range.start.line)
    let gutter = String(repeating: " ", count: number.count)
    let scalars = Array(source.unicodeScalars)
    let startColumn = max(1, min(range.start.column, scalars.count + 1))
    var width = 1
    if range.end.line == range.start.line, range.end.column > startColumn {
      width = min(range.end.column, scalars.count + 1) - startColumn
    }
    // Keep tabs in the padding so the caret lines up under tab-indented text.
    let padding = scalars.prefix(startColumn - 1).map { $0 == "\t" ? "\t" : " " }.joined()
    return [
      "\(gutter) |",
      "\(number) | \(source)",
      "\(gutter) | \(padding)\(String(repeating: "^", count: max(1, width)))",
    ]
  }
}

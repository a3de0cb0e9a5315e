import Foundation

/// Renders diagnostics as one JSON document carrying a `formatVersion`.
public enum JSONDiagnosticRenderer {
  /// Version of the JSON shape; bump on any incompatible change.
  public static let formatVersion = 1

  /// - Parameter result: command-specific fields merged into the document (e.g. files written).
  public static func render(_ diagnostics: Diagnostics, result: [String: any Sendable] = [:]) -> String {
    let items: [[String: Any]] = diagnostics.sorted.map(object(for:))
    var document: [String: Any] = [
      "formatVersion": formatVersion,
      "errorCount": diagnostics.errorCount,
      "warningCount": diagnostics.warningCount,
      "diagnostics": items,
    ]
    for (key, value) in result { document[key] = value }
    let data =
      (try? JSONSerialization.data(
        withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func object(for d: Diagnostic) -> [String: Any] {
    var item: [String: Any] = ["severity": d.severity.rawValue, "code": d.code.rawValue, "summary": d.summary]
    if let range = d.range {
      item["file"] = range.start.file
      item["line"] = range.start.line
      item["column"] = range.start.column
      item["endLine"] = range.end.line
      item["endColumn"] = range.end.column
    }
    if let path = d.path { item["path"] = path.description }
    item["notes"] = d.notes.map { note -> [String: Any] in
      var n: [String: Any] = ["message": note.message]
      if let r = note.range {
        n["file"] = r.start.file
        n["line"] = r.start.line
        n["column"] = r.start.column
      }
      return n
    }
    return item
  }
}

/// Renders diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
public enum GitHubDiagnosticRenderer {
  public static func render(_ diagnostics: Diagnostics) -> String {
    var out = ""
    for d in diagnostics.sorted {
      let command: String
      switch d.severity {
      case .error: command = "error"
      case .warning: command = "warning"
      case .note: command = "notice"
      }
      var properties: [String] = []
      if let r = d.range {
        properties.append("file=\(escapeProperty(r.start.file))")
        properties.append("line=\(r.start.line)")
        properties.append("col=\(r.start.column)")
        if r.end.line == r.start.line, r.end.column > r.start.column {
          properties.append("endColumn=\(r.end.column)")
        }
      }
      properties.append("title=\(escapeProperty(d.code.rawValue))")
      var message = d.summary
      if let path = d.path { message += "\npath: \(path)" }
      for note in d.notes { message += "\n" + note.message }
      out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }
    return out
  }

  static func escapeData(_ s: String) -> String {
    s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  static func escapeProperty(_ s: String) -> String {
    escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }
}

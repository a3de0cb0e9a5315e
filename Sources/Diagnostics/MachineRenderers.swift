import JSONWriting

/// Renders diagnostics as one JSON document carrying a `formatVersion`.
public enum JSONDiagnosticRenderer {
  /// Version of the JSON shape; bump on any incompatible change.
  public static let formatVersion = 1

  /// - Parameter result: command-specific fields merged into the document (e.g. files written).
  public static func render(_ diagnostics: Diagnostics, result: [String: JSON] = [:]) -> String {
    var document: [String: JSON] = [
      "formatVersion": .integer(formatVersion),
      "errorCount": .integer(diagnostics.errorCount),
      "warningCount": .integer(diagnostics.warningCount),
      "diagnostics": .array(diagnostics.sorted.map(object(for:))),
    ]
    for (key, value) in result { document[key] = value }
    return JSON.object(document).rendered()
  }

  static func object(for d: Diagnostic) -> JSON {
    var item: [String: JSON] = ["severity": .string(d.severity.rawValue), "code": .string(d.code.rawValue), "summary": .string(d.summary)]
    if let range = d.range, let binary = d.binary {
      item["file"] = .string(range.start.file)
      if let offset = binary.byteOffset { item["byteOffset"] = .integer(offset) }
    } else if let range = d.range {
      item["file"] = .string(range.start.file)
      item["line"] = .integer(range.start.line)
      item["column"] = .integer(range.start.column)
      item["endLine"] = .integer(range.end.line)
      item["endColumn"] = .integer(range.end.column)
    }
    if let path = d.path { item["path"] = .string(path.description) }
    item["notes"] = .array(
      d.notes.map { note -> JSON in
        var n: [String: JSON] = ["message": .string(note.message)]
        if let r = note.range {
          n["file"] = .string(r.start.file)
          n["line"] = .integer(r.start.line)
          n["column"] = .integer(r.start.column)
        }
        return .object(n)
      })
    return .object(item)
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
      if let r = d.range, d.binary != nil {
        properties.append("file=\(escapeProperty(r.start.file))")
      } else if let r = d.range {
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

  /// Workflow-command message escaping: `%`, CR and LF.
  static func escapeData(_ s: String) -> String { escape(s, property: false) }

  /// Property-value escaping: the message escapes plus `:` and `,`.
  static func escapeProperty(_ s: String) -> String { escape(s, property: true) }

  private static func escape(_ s: String, property: Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      case ":" where property: out += "%3A"
      case "," where property: out += "%2C"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}

import Diagnostics
import Yams

/// Turns Yams/libyaml errors into located diagnostics, attaching the file name Yams does not know.
enum YAMLErrorMapping {
  static func diagnostic(for error: YamlError, file: String, text: String, index: LineIndex) -> Diagnostic {
    func at(_ mark: Mark) -> SourceRange {
      SourceRange(start: SourceLocation(file: file, line: mark.line, column: mark.column))
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var notes: [DiagnosticNote] = []
      if let context { notes.append(DiagnosticNote(context.text, at: at(context.mark))) }
      return .error(.syntax, "invalid YAML: \(problem)", at: at(mark), notes: notes)
    case .reader(let problem, let offset, _, _):
      let location = index.location(ofByte: offset ?? 0)
      return .error(.invalidCharacter, "cannot read the file: \(problem)", at: SourceRange(start: location))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? "?"
      let first = at(context.mark)
      let second = secondOccurrence(of: key, after: context.mark, in: text).map {
        SourceRange(
          start: SourceLocation(file: file, line: $0.line, column: $0.column),
          end: SourceLocation(file: file, line: $0.line, column: $0.column + key.unicodeScalars.count))
      }
      return .error(
        .duplicateKey, "duplicate key '\(key)' in a mapping", at: second ?? first,
        notes: [DiagnosticNote("first defined here", at: first), DiagnosticNote("each key may appear only once; remove or merge one of them")])
    default:
      return .error(.syntax, "invalid YAML: \(error)", at: .file(file))
    }
  }

  /// Finds the later occurrence of `key` in the same mapping as the key at `mark`, for block and flow style.
  static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    guard mark.line >= 1, mark.line <= lines.count else { return nil }
    let keyScalars = Array(key.unicodeScalars)
    func matchesKey(_ line: [Unicode.Scalar], at column: Int) -> Bool {
      let start = column - 1
      guard start >= 0, start + keyScalars.count <= line.count else { return false }
      guard Array(line[start..<(start + keyScalars.count)]) == keyScalars else { return false }
      var rest = line[(start + keyScalars.count)...].drop { $0 == " " }
      if rest.first == "\"" || rest.first == "'" { rest = rest.dropFirst() }
      return rest.first == ":"
    }
    // Flow style: later on the same line.
    let firstLine = lines[mark.line - 1]
    // At least 2: the character before `column` is inspected (a key at column 0 or an empty key would trap).
    var column = max(2, mark.column + keyScalars.count)
    while column <= firstLine.count {
      if (firstLine[column - 2] == " " || firstLine[column - 2] == "{" || firstLine[column - 2] == ","),
        matchesKey(firstLine, at: column)
      {
        return (mark.line, column)
      }
      column += 1
    }
    // Block style: a later line indented to the same column, before the mapping ends.
    let indent = mark.column - 1
    for number in mark.line..<lines.count {
      let line = lines[number]
      let leading = line.prefix { $0 == " " }.count
      if leading == line.count || line[leading] == "#" { continue }
      if leading < indent {
        // A "- " item marker at a lower indentation ends the mapping unless it sits exactly at our key.
        return nil
      }
      if leading == indent && matchesKey(line, at: indent + 1) { return (number + 1, indent + 1) }
    }
    return nil
  }
}

import Diagnostics

/// Turns libyaml's reader, scanner and parser errors into located diagnostics.
enum YAMLErrorMapping {
  static func diagnostic(for failure: LibYAMLParser.Failure, file: String, index: LineIndex) -> Diagnostic {
    func at(_ line: Int, _ column: Int) -> SourceRange {
      SourceRange(start: SourceLocation(file: file, line: line, column: column))
    }
    switch failure.stage {
    case .reader:
      // Reader errors carry a byte offset, not a mark.
      return .error(.invalidCharacter, "cannot read the file: \(failure.problem)", at: SourceRange(start: index.location(ofByte: failure.offset)))
    case .scanner, .parser, .other:
      var notes: [DiagnosticNote] = []
      if let context = failure.context { notes.append(DiagnosticNote(context.text, at: at(context.line, context.column))) }
      return .error(.syntax, "invalid YAML: \(failure.problem)", at: at(failure.line, failure.column), notes: notes)
    }
  }
}

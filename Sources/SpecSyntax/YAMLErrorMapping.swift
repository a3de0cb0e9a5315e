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
      if let hint = indentationHint(index.bytes, errorLine: failure.line) { notes.append(hint) }
      return .error(.syntax, "invalid YAML: \(failure.problem)", at: at(failure.line, failure.column), notes: notes)
    }
  }

  /// When the error's line (or the one before it, libyaml often notices a line late) is indented to a
  /// column no enclosing block uses, says which columns would fit: the usual cause of "mapping values
  /// are not allowed" and "did not find expected key".
  static func indentationHint(_ bytes: [UInt8], errorLine: Int) -> DiagnosticNote? {
    // Lines holding content, in order: number, indentation, the column a `- ` item's content starts
    // at, and whether the line opens a block (ends with ':').
    struct Line { var number: Int, indent: Int, itemIndent: Int?, opens: Bool }
    var lines: [Line] = []
    var number = 1
    var start = 0
    for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
      var j = start
      while j < i && bytes[j] == 0x20 { j += 1 }
      if j < i && bytes[j] != UInt8(ascii: "#") && bytes[j] != 0x0D {
        var k = j
        var item: Int?
        while k + 1 < i && bytes[k] == UInt8(ascii: "-") && bytes[k + 1] == 0x20 {
          k += 2
          while k < i && bytes[k] == 0x20 { k += 1 }
          item = k - start
        }
        var end = i
        while end > j && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D) { end -= 1 }
        lines.append(Line(number: number, indent: j - start, itemIndent: item, opens: end > j && bytes[end - 1] == UInt8(ascii: ":")))
      }
      number += 1
      start = i + 1
      if number > errorLine { break }
    }
    for candidate in [errorLine, errorLine - 1] {
      guard let k = lines.firstIndex(where: { $0.number == candidate }), k > 0 else { continue }
      let indent = lines[k].indent
      let previous = lines[k - 1]
      if previous.opens && indent > previous.indent { continue }
      // The blocks open at this point: walking back, each line less indented than all after it.
      var open: Set<Int> = []
      var floor = Int.max
      for line in lines[..<k].reversed() where line.indent < floor {
        open.insert(line.indent)
        if let item = line.itemIndent, item < floor { open.insert(item) }
        floor = line.indent
      }
      if let item = previous.itemIndent { open.insert(item) }
      guard !open.contains(indent) else { continue }
      let columns = open.sorted().map { String($0 + 1) }.joined(separator: ", ")
      return DiagnosticNote(
        "line \(candidate) starts at column \(indent + 1), where no block above it does; expected one of columns \(columns) (line \(previous.number) starts at column \((previous.itemIndent ?? previous.indent) + 1))"
      )
    }
    return nil
  }
}

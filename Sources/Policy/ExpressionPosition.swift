import CEL
import Diagnostics
import SpecAST

/// Maps a position inside a CEL expression to the file position of the character in the YAML scalar
/// that holds it, so errors point at the line and column inside the policy file.
///
/// The expression text is the scalar's decoded value; the walk replays YAML's decoding over the
/// source lines: quotes and escapes (`\"`, `''`), line folding in plain and quoted scalars, and the
/// indentation of block scalars (`|`, `>`), whose content starts on the line after the indicator.
public struct ExpressionPosition: Sendable {
  let lines: [Substring]

  /// - Parameter text: the whole policy file.
  public init(text: String) {
    lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The file position of `location` (a CEL line/column) inside `expression`.
  public func locate(_ location: CELSourceLocation?, in expression: LocatedExpression) -> SourceRange {
    guard let location else { return expression.range }
    // Offset in Unicode scalars of the decoded text.
    let scalars = Array(expression.text.unicodeScalars)
    var offset = 0
    var line = 1
    while offset < scalars.count, line < location.line {
      if scalars[offset] == "\n" { line += 1 }
      offset += 1
    }
    offset = min(scalars.count, offset + max(0, location.column - 1))
    guard let start = walk(expression, scalars: scalars, to: offset) else { return expression.range }
    return SourceRange(start: start, end: SourceLocation(file: start.file, line: start.line, column: start.column + 1))
  }

  private func sourceLine(_ number: Int) -> [Unicode.Scalar]? {
    guard number >= 1, number <= lines.count else { return nil }
    var line = lines[number - 1]
    if line.hasSuffix("\r") { line = line.dropLast() }
    return Array(line.unicodeScalars)
  }

  /// Replays decoding of `expression` up to decoded scalar `target`; returns its file position.
  private func walk(_ expression: LocatedExpression, scalars: [Unicode.Scalar], to target: Int) -> SourceLocation? {
    let file = expression.range.start.file
    var lineNumber = expression.range.start.line
    var column = expression.range.start.column  // 1-based
    let isBlock = expression.style == .literal || expression.style == .folded
    var indent = 0
    if isBlock {
      // Content starts on the next non-empty line; its indentation is the block's.
      lineNumber += 1
      while let line = sourceLine(lineNumber), line.allSatisfy({ $0 == " " }) { lineNumber += 1 }
      guard let line = sourceLine(lineNumber) else { return nil }
      indent = line.prefix { $0 == " " }.count
      column = indent + 1
    } else if expression.style == .singleQuoted || expression.style == .doubleQuoted {
      column += 1
    }
    guard var line = sourceLine(lineNumber) else { return nil }
    var index = 0
    while index < target {
      let decoded = scalars[index]
      let atEnd = column - 1 >= line.count
      if decoded == "\n" || (atEnd && decoded == " " && !isBlock) || (atEnd && isBlock) {
        // A line break in the source: move to the next line's content.
        lineNumber += 1
        guard let next = sourceLine(lineNumber) else { return nil }
        line = next
        let lead = isBlock ? min(indent, next.prefix { $0 == " " }.count) : next.prefix { $0 == " " || $0 == "\t" }.count
        column = lead + 1
        index += 1
        continue
      }
      if expression.style == .doubleQuoted, column - 1 < line.count, line[column - 1] == "\\" {
        column += Self.escapeWidth(line, at: column - 1)
      } else if expression.style == .singleQuoted, decoded == "'", column < line.count, line[column - 1] == "'", line[column] == "'" {
        column += 2
      } else {
        column += 1
      }
      index += 1
    }
    return SourceLocation(file: file, line: lineNumber, column: column)
  }

  /// Source width of the double-quoted escape starting at `i` (a backslash).
  static func escapeWidth(_ line: [Unicode.Scalar], at i: Int) -> Int {
    guard i + 1 < line.count else { return 1 }
    switch line[i + 1] {
    case "x": return 4
    case "u": return 6
    case "U": return 10
    default: return 2
    }
  }
}

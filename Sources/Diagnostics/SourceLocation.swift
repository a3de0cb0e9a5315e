/// A position in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The file's path as the user would type it (relative to the repository root where possible).
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`.
  public var description: String { "\(file):\(line):\(column)" }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

/// A range in one source file. `end` is exclusive and may equal `start` (a point).
///
/// The file name is kept once for both ends: a spec's every value carries a range, and the
/// values are copied often (a second name doubled the reference counting of each copy).
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
  private var fileName: String
  private var startLine: Int32, startColumn: Int32, endLine: Int32, endColumn: Int32

  public init(start: SourceLocation, end: SourceLocation? = nil) {
    let end = end ?? start
    fileName = start.file
    startLine = Int32(clamping: start.line)
    startColumn = Int32(clamping: start.column)
    endLine = Int32(clamping: end.line)
    endColumn = Int32(clamping: end.column)
  }

  public var start: SourceLocation {
    get { SourceLocation(file: fileName, line: Int(startLine), column: Int(startColumn)) }
    set {
      fileName = newValue.file
      startLine = Int32(clamping: newValue.line)
      startColumn = Int32(clamping: newValue.column)
    }
  }

  /// The end, in the same file as the start.
  public var end: SourceLocation {
    get { SourceLocation(file: fileName, line: Int(endLine), column: Int(endColumn)) }
    set {
      endLine = Int32(clamping: newValue.line)
      endColumn = Int32(clamping: newValue.column)
    }
  }

  /// A range covering the whole of a file (used when there is no better position).
  public static func file(_ path: String) -> SourceRange {
    SourceRange(start: SourceLocation(file: path, line: 1, column: 1))
  }

  public var description: String { start.description }
}

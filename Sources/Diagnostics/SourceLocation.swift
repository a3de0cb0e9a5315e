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
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation? = nil) {
    self.start = start
    self.end = end ?? start
  }

  /// A range covering the whole of a file (used when there is no better position).
  public static func file(_ path: String) -> SourceRange {
    SourceRange(start: SourceLocation(file: path, line: 1, column: 1))
  }

  public var description: String { start.description }
}

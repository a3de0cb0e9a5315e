import Foundation

/// A position in CEL source text: a scalar offset plus 1-based line and column.
public struct CELSourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// Offset in Unicode scalars from the start of the expression.
  public let offset: Int
  /// 1-based line number.
  public let line: Int
  /// 1-based column number, counted in Unicode scalars.
  public let column: Int

  /// Creates a location.
  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }
}

/// The source text of an expression, with an offset → line/column map.
struct CELSource: Sendable {
  let scalars: [Unicode.Scalar]
  private let lineStarts: [Int]

  init(_ text: String) {
    scalars = Array(text.unicodeScalars)
    var starts = [0]
    for (index, scalar) in scalars.enumerated() where scalar == "\n" {
      starts.append(index + 1)
    }
    lineStarts = starts
  }

  func location(of offset: Int) -> CELSourceLocation {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return CELSourceLocation(offset: offset, line: low + 1, column: offset - lineStarts[low] + 1)
  }
}

/// An error from compiling or evaluating a CEL expression.
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, broadly.
  public enum Kind: String, Sendable, Hashable {
    /// The expression is not valid CEL syntax (or exceeds a structural limit).
    case parse
    /// The expression parsed but refers to something unknown.
    case compile
    /// Evaluation produced an error value.
    case evaluation
    /// Evaluation exceeded the configured cost limit.
    case costLimitExceeded
  }

  /// The broad category.
  public let kind: Kind
  /// A human-readable message.
  public let message: String
  /// Where in the source the error was detected, when known.
  public let location: CELSourceLocation?

  /// Creates an error.
  public init(_ kind: Kind, _ message: String, location: CELSourceLocation? = nil) {
    self.kind = kind
    self.message = message
    self.location = location
  }

  /// `line:column: message` when a location is known.
  public var description: String {
    if let location { return "\(location): \(message)" }
    return message
  }
}

/// How bad a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: return 0
    case .warning: return 1
    case .note: return 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable, documented identifier for a kind of diagnostic, e.g. `yaml.duplicate-key`.
///
/// Codes never change meaning once released; tests and CI filters match on them.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }
}

/// Where in a binary file a problem is: a byte offset, when the reader knows one.
public struct BinaryPosition: Sendable, Hashable {
  public var byteOffset: UInt64?
  public init(byteOffset: UInt64?) { self.byteOffset = byteOffset }
}

/// A secondary message attached to a diagnostic, optionally with its own position.
public struct DiagnosticNote: Sendable, Hashable {
  public var message: String
  public var range: SourceRange?

  public init(_ message: String, at range: SourceRange? = nil) {
    self.message = message
    self.range = range
  }
}

/// One finding about the user's input: a value, collected and rendered once at the edge. The one
/// finding type: spec and policy errors, and the problems a model artifact's readers and the signature
/// verifier find (thrown as errors where reading cannot go on).
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  public var severity: Severity
  public var code: DiagnosticCode
  /// One line saying what is wrong.
  public var summary: String
  /// Where it is wrong; nil only for diagnostics about no file at all (e.g. a missing argument).
  public var range: SourceRange?
  /// Where in the document's data (e.g. `spec.tenants[2].name`).
  public var path: DataPath?
  /// Further explanation: what was expected, a did-you-mean, related positions.
  public var notes: [DiagnosticNote]
  /// Set when `range` names a binary file (a model artifact), which has no lines or columns: the
  /// renderers then show the file and, when known, the byte offset instead.
  public var binary: BinaryPosition?

  public init(
    _ severity: Severity, _ code: DiagnosticCode, _ summary: String,
    at range: SourceRange? = nil, path: DataPath? = nil, notes: [DiagnosticNote] = []
  ) {
    self.severity = severity
    self.code = code
    self.summary = summary
    self.range = range
    self.path = path
    self.notes = notes
  }

  /// A problem in a binary file: the file, and the byte offset in it when known.
  public static func error(_ code: DiagnosticCode, _ summary: String, inBinaryFile file: String, offset: UInt64? = nil) -> Diagnostic {
    var d = Diagnostic(.error, code, summary, at: .file(file))
    d.binary = BinaryPosition(byteOffset: offset)
    return d
  }

  /// The file the diagnostic is about, if any.
  public var file: String? { range?.start.file }

  /// Where: `file:line:column`; in a binary file `file@offset`, or the file alone.
  public var location: String? {
    guard let range else { return nil }
    guard let binary else { return range.start.description }
    return binary.byteOffset.map { "\(range.start.file)@\($0)" } ?? range.start.file
  }

  /// `location: code: summary`, one line.
  public var description: String { (location.map { "\($0): " } ?? "") + "\(code): \(summary)" }

  /// Shorthand for an error.
  public static func error(
    _ code: DiagnosticCode, _ summary: String, at range: SourceRange? = nil, path: DataPath? = nil,
    notes: [DiagnosticNote] = []
  ) -> Diagnostic {
    Diagnostic(.error, code, summary, at: range, path: path, notes: notes)
  }

  /// Shorthand for a warning.
  public static func warning(
    _ code: DiagnosticCode, _ summary: String, at range: SourceRange? = nil, path: DataPath? = nil,
    notes: [DiagnosticNote] = []
  ) -> Diagnostic {
    Diagnostic(.warning, code, summary, at: range, path: path, notes: notes)
  }
}

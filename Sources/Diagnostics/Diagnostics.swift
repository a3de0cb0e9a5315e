/// An accumulator of diagnostics. Checks append and keep going; the edge renders them once.
public struct Diagnostics: Sendable, Sequence {
  public private(set) var all: [Diagnostic] = []

  public init(_ diagnostics: [Diagnostic] = []) { all = diagnostics }

  /// Adds one diagnostic.
  public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }

  /// Adds several diagnostics.
  public mutating func append<S: Sequence>(contentsOf other: S) where S.Element == Diagnostic {
    all.append(contentsOf: other)
  }

  /// True when any diagnostic is an error.
  public var hasErrors: Bool { all.contains { $0.severity == .error } }

  public var errorCount: Int { all.filter { $0.severity == .error }.count }
  public var warningCount: Int { all.filter { $0.severity == .warning }.count }
  public var isEmpty: Bool { all.isEmpty }

  /// Diagnostics in a stable order: by file, line, column, then code and summary; positionless ones first.
  public var sorted: [Diagnostic] {
    all.enumerated().sorted { a, b in
      let l = a.element
      let r = b.element
      switch (l.range?.start, r.range?.start) {
      case (nil, nil): break
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?): if x != y { return x < y }
      }
      if l.code.rawValue != r.code.rawValue { return l.code.rawValue < r.code.rawValue }
      if l.summary != r.summary { return l.summary < r.summary }
      return a.offset < b.offset
    }.map(\.element)
  }

  public func makeIterator() -> IndexingIterator<[Diagnostic]> { all.makeIterator() }
}

/// The text of the files diagnostics point into, so renderers can show the offending line.
public struct SourceCatalog: Sendable {
  private var texts: [String: [Substring]] = [:]

  public init() {}

  /// Registers a file's text under the name diagnostics use for it.
  public mutating func add(file: String, text: String) {
    texts[file] = text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The 1-based line of a file, without its line terminator, if known.
  public func line(_ number: Int, in file: String) -> Substring? {
    guard let lines = texts[file], number >= 1, number <= lines.count else { return nil }
    var line = lines[number - 1]
    if line.hasSuffix("\r") { line = line.dropLast() }
    return line
  }

  /// Merges another catalog into this one.
  public mutating func merge(_ other: SourceCatalog) {
    texts.merge(other.texts) { _, new in new }
  }
}

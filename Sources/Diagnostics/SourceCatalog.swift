/// The text of the files diagnostics point into, so renderers can show the offending line.
public struct SourceCatalog: Sendable {
  /// A file's text and the UTF-8 offset where each line starts: one integer per line, where
  /// splitting into substrings cost a retained object per line of every file loaded.
  private struct Text: Sendable {
    var text: String
    var lineStarts: [Int]
  }
  private var texts: [String: Text] = [:]

  public init() {}

  /// Registers a file's text under the name diagnostics use for it.
  public mutating func add(file: String, text: String) {
    var starts = [0]
    var offset = 0
    for byte in text.utf8 {
      offset += 1
      if byte == UInt8(ascii: "\n") { starts.append(offset) }
    }
    texts[file] = Text(text: text, lineStarts: starts)
  }

  /// The 1-based line of a file, without its line terminator, if known.
  public func line(_ number: Int, in file: String) -> Substring? {
    guard let entry = texts[file], number >= 1, number <= entry.lineStarts.count else { return nil }
    let utf8 = entry.text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: entry.lineStarts[number - 1])
    var end = number < entry.lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: entry.lineStarts[number] - 1) : utf8.endIndex
    if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
    return entry.text[start..<end]
  }

  /// Merges another catalog into this one.
  public mutating func merge(_ other: SourceCatalog) {
    texts.merge(other.texts) { _, new in new }
  }
}

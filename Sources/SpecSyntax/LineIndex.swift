import Diagnostics

/// Maps byte offsets of a UTF-8 buffer to 1-based line and column (columns in Unicode scalars).
struct LineIndex {
  let bytes: [UInt8]
  let file: String

  /// The location of the byte at `offset`.
  func location(ofByte offset: Int) -> SourceLocation {
    var line = 1
    var lineStart = 0
    let end = min(offset, bytes.count)
    var i = 0
    while i < end {
      if bytes[i] == UInt8(ascii: "\n") {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
    var column = 1
    var j = lineStart
    while j < end {
      if bytes[j] & 0xC0 != 0x80 { column += 1 }
      j += 1
    }
    return SourceLocation(file: file, line: line, column: column)
  }
}

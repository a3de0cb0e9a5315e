import Diagnostics

/// A sequential, buffered, bounds-checked little-endian reader over a window of a `ByteSource`.
///
/// Reads go through a 64 KiB buffer, so walking a header or an opcode stream costs a few
/// `pread`s; skipping tensor data costs nothing. Every read past the window throws
/// `artifact.<area>.truncated`; every length-prefixed read is checked against the remaining bytes
/// *before* allocating.
final class ByteCursor {
  let source: any ByteSource
  /// Absolute start and end (exclusive) of the window.
  let start: UInt64
  let end: UInt64
  /// Absolute offset of the next byte.
  private(set) var offset: UInt64
  /// The reader whose codes errors carry (`artifact.gguf.…`).
  let area: ArtifactArea
  /// File label for errors.
  let file: String

  private var buffer: [UInt8] = []
  private var bufferStart: UInt64 = 0
  private static let bufferSize = 64 * 1024

  init(source: any ByteSource, start: UInt64 = 0, end: UInt64? = nil, area: ArtifactArea, file: String) {
    self.source = source
    self.start = min(start, source.size)
    self.end = min(end ?? source.size, source.size)
    self.offset = self.start
    self.area = area
    self.file = file
  }

  /// Bytes left in the window.
  var remaining: UInt64 { end > offset ? end - offset : 0 }
  /// True when no bytes are left.
  var atEnd: Bool { offset >= end }

  /// An error located at `at` (default: the current offset).
  func error(_ problem: ArtifactProblem, _ message: String, at: UInt64? = nil) -> Diagnostic {
    .artifact(area, problem, message, file: file, offset: at ?? offset)
  }

  /// Moves to an absolute offset inside the window.
  func seek(to absolute: UInt64) throws {
    guard absolute >= start, absolute <= end else {
      throw error(.outOfBounds, "offset \(absolute) is outside the readable range \(start)..<\(end)")
    }
    offset = absolute
  }

  /// Skips `count` bytes without reading them.
  func skip(_ count: UInt64) throws {
    guard count <= remaining else {
      throw error(.truncated, "needs \(count) more bytes but only \(remaining) remain")
    }
    offset += count
  }

  /// Refills the buffer at `offset` with at most 64 KiB, never more than the window holds (so
  /// small nested windows read only their own bytes).
  private func fill() throws {
    let want = Int(min(UInt64(Self.bufferSize), remaining))
    var fresh = [UInt8](repeating: 0, count: want)
    let got = try fresh.withUnsafeMutableBytes { try source.read(at: offset, into: $0) }
    if got < want { fresh.removeSubrange(got...) }
    buffer = fresh
    bufferStart = offset
  }

  /// The next byte without consuming it, or `nil` at the end.
  func peekByte() throws -> UInt8? {
    guard offset < end else { return nil }
    if offset < bufferStart || offset >= bufferStart + UInt64(buffer.count) { try fill() }
    let index = Int(offset - bufferStart)
    guard index < buffer.count else { throw error(.truncated, "file shrank while reading") }
    return buffer[index]
  }

  /// Reads one byte.
  func readByte() throws -> UInt8 {
    guard let byte = try peekByte() else { throw error(.truncated, "unexpected end of data") }
    offset += 1
    return byte
  }

  /// Reads a little-endian fixed-width integer.
  func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
    let width = T.bitWidth / 8
    guard UInt64(width) <= remaining else {
      throw error(.truncated, "needs \(width) bytes but only \(remaining) remain")
    }
    var value: T = 0
    for index in 0..<width { value |= T(truncatingIfNeeded: try readByte()) << (8 * index) }
    return value
  }

  /// Reads exactly `count` bytes; throws `artifact.<area>.<limitProblem>` if `count > limit`.
  func readBytes(_ count: UInt64, limit: UInt64, limitProblem: ArtifactProblem = .tooLarge) throws -> [UInt8] {
    guard count <= limit else { throw error(limitProblem, "length \(count) exceeds the limit of \(limit)") }
    guard count <= remaining else {
      throw error(.truncated, "needs \(count) bytes but only \(remaining) remain")
    }
    var out: [UInt8] = []
    out.reserveCapacity(Int(count))
    var left = count
    while left > 0 {
      if offset < bufferStart || offset >= bufferStart + UInt64(buffer.count) { try fill() }
      let index = Int(offset - bufferStart)
      let available = buffer.count - index
      guard available > 0 else { throw error(.truncated, "file shrank while reading") }
      let take = Int(min(UInt64(available), left))
      out.append(contentsOf: buffer[index..<(index + take)])
      offset += UInt64(take)
      left -= UInt64(take)
    }
    return out
  }

  /// Reads up to (not including) the next `\n`, consuming the newline. Throws when no newline
  /// occurs within `limit` bytes.
  func readLine(limit: Int) throws -> [UInt8] {
    var out: [UInt8] = []
    while true {
      let byte = try readByte()
      if byte == 0x0A { return out }
      guard out.count < limit else { throw error(.lineTooLong, "no newline within \(limit) bytes") }
      out.append(byte)
    }
  }
}

import Foundation

/// Little-endian byte assembly for test fixtures.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func u8(_ v: UInt8) { bytes.append(v) }
  mutating func u16(_ v: UInt16) { append(v) }
  mutating func u32(_ v: UInt32) { append(v) }
  mutating func u64(_ v: UInt64) { append(v) }
  mutating func i32(_ v: Int32) { append(v) }
  mutating func append<T: FixedWidthInteger>(_ v: T) {
    for i in 0..<(T.bitWidth / 8) { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
  }
  mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
  mutating func text(_ s: String) { bytes.append(contentsOf: Array(s.utf8)) }
  mutating func pad(to alignment: Int, with byte: UInt8 = 0) {
    while bytes.count % alignment != 0 { bytes.append(byte) }
  }
}

/// A temporary directory removed on `cleanup()`.
struct TempDir {
  let url: URL
  var path: String { url.path }

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("paved-art-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: file)
    return file.path
  }

  func cleanup() { try? FileManager.default.removeItem(at: url) }
}

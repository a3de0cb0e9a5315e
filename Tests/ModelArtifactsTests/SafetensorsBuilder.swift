/// Builds safetensors files byte by byte, valid or deliberately broken.
struct SafetensorsBuilder {
  struct Entry {
    var name: String
    var dtype: String
    var shape: [Int]
    var offsets: (Int, Int)?
  }

  static let widths: [String: Int] = ["F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "U8": 1, "BOOL": 1, "F64": 8]

  var entries: [Entry] = []
  var metadata: [(String, String)]? = nil
  /// Extra bytes appended after the data buffer.
  var trailing: [UInt8] = []
  /// Bytes removed from the end of the data buffer.
  var truncateData = 0

  mutating func add(_ name: String, _ dtype: String, _ shape: [Int], offsets: (Int, Int)? = nil) {
    entries.append(Entry(name: name, dtype: dtype, shape: shape, offsets: offsets))
  }

  /// The JSON header text and data size with automatic contiguous offsets.
  func headerJSON() -> (String, Int) {
    var parts: [String] = []
    if let metadata {
      let inner = metadata.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",")
      parts.append("\"__metadata__\":{\(inner)}")
    }
    var cursor = 0
    var maxEnd = 0
    for entry in entries {
      let size = entry.shape.reduce(1, *) * (Self.widths[entry.dtype] ?? 4)
      let offsets = entry.offsets ?? (cursor, cursor + size)
      cursor = offsets.1
      maxEnd = max(maxEnd, offsets.1)
      let shape = entry.shape.map(String.init).joined(separator: ",")
      parts.append(
        "\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offsets.0),\(offsets.1)]}")
    }
    return ("{" + parts.joined(separator: ",") + "}", maxEnd)
  }

  func build() -> [UInt8] {
    let (json, dataSize) = headerJSON()
    return Self.file(header: json, dataSize: max(0, dataSize - truncateData), trailing: trailing)
  }

  /// A file with a raw header text (padded with spaces to 8-byte alignment) and zeroed data.
  static func file(header: String, dataSize: Int, trailing: [UInt8] = []) -> [UInt8] {
    var headerBytes = Array(header.utf8)
    while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }
    var writer = ByteWriter()
    writer.u64(UInt64(headerBytes.count))
    writer.raw(headerBytes)
    writer.raw([UInt8](repeating: 0, count: dataSize))
    writer.raw(trailing)
    return writer.bytes
  }
}

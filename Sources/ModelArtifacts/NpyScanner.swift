import Diagnostics

/// Finds pickles hidden in NumPy `.npy` files: an array with an object dtype (`'|O'`) stores its
/// elements as a pickle right after the header, and `numpy.load(allow_pickle=True)` unpickles it.
public enum NpyScanner {
  /// `\x93NUMPY`.
  public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
  /// Longest header accepted.
  public static let maxHeaderLength: UInt64 = 1 << 20

  /// The outcome of scanning one `.npy` stream.
  public struct Result: Sendable, Hashable, Codable {
    /// The header's dict literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }`).
    public var header: String
    /// True when the dtype involves Python objects, i.e. the payload is a pickle.
    public var hasObjectDtype: Bool
    /// The pickle scan of the payload (empty when there is no object dtype).
    public var scan: PickleScanResult
  }

  /// True when `bytes` starts with the `.npy` magic.
  public static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

  /// Scans an in-memory `.npy` file.
  public static func scan(bytes: [UInt8], file: String) throws -> Result {
    try scan(ByteCursor(source: MemoryByteSource(bytes), area: .npy, file: file))
  }

  /// Scans the `.npy` stream in the cursor's window.
  static func scan(_ cursor: ByteCursor) throws -> Result {
    let start = cursor.offset
    guard try cursor.readBytes(6, limit: 6) == magic else {
      throw cursor.error(.badMagic, "not a .npy stream", at: start)
    }
    let major = try cursor.readByte()
    _ = try cursor.readByte()
    let length: UInt64
    switch major {
    case 1: length = UInt64(try cursor.read(UInt16.self))
    case 2, 3: length = UInt64(try cursor.read(UInt32.self))
    default: throw cursor.error(.unsupportedVersion, ".npy format version \(major) is not supported", at: start + 6)
    }
    let headerBytes = try cursor.readBytes(length, limit: maxHeaderLength, limitProblem: .headerTooLarge)
    guard let header = String(validating: headerBytes, as: UTF8.self) else {
      throw cursor.error(.invalidHeader, "header is not UTF-8", at: start + 8)
    }
    let objectDtype = hasObjectDtype(header)
    var result = Result(header: header, hasObjectDtype: objectDtype, scan: PickleScanResult())
    if objectDtype {
      let payload = ByteCursor(
        source: cursor.source, start: cursor.offset, end: cursor.end, area: .pickle, file: cursor.file)
      result.scan = PickleScanner.scan(payload, maxPickles: 1)
    }
    return result
  }

  /// Whether a header's dtype mentions the object type code `O` as a quoted type string
  /// (`'|O'`, `'O'`, `'<O'`, also inside structured dtypes). A field literally named `O` is a false
  /// positive, which only costs a pickle scan.
  static func hasObjectDtype(_ header: String) -> Bool {
    let bytes = Array(header.utf8)
    var index = 0
    while index < bytes.count {
      let quote = bytes[index]
      if quote == 0x27 || quote == 0x22 {
        var probe = index + 1
        if probe < bytes.count, [0x7C, 0x3C, 0x3E, 0x3D].contains(bytes[probe]) { probe += 1 }  // | < > =
        if probe + 1 < bytes.count, bytes[probe] == UInt8(ascii: "O") {
          var end = probe + 1
          while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
          if end < bytes.count, bytes[end] == quote { return true }
        }
      }
      index += 1
    }
    return false
  }
}

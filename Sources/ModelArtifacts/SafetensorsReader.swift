import Diagnostics

/// One tensor entry of a safetensors header.
public struct SafetensorsTensor: Sendable, Hashable, Codable {
  /// Tensor name (the JSON key).
  public var name: String
  /// Header dtype with its bit width.
  public var dtype: SafetensorsDType
  /// Shape, row-major; `[]` is a scalar.
  public var shape: [UInt64]
  /// Start of the tensor's bytes, relative to the data buffer.
  public var begin: UInt64
  /// End (exclusive) of the tensor's bytes, relative to the data buffer.
  public var end: UInt64
}

/// A validated safetensors header.
public struct SafetensorsHeader: Sendable, Hashable, Codable {
  /// The header length `N` from the first 8 bytes.
  public var headerLength: UInt64
  /// Absolute offset of the data buffer (`8 + N`).
  public var dataStart: UInt64
  /// Total file size.
  public var fileSize: UInt64
  /// The `__metadata__` string map (empty when absent).
  public var metadata: [String: String]
  /// Tensor entries in header order.
  public var tensors: [SafetensorsTensor]
}

/// Reads and fully validates a safetensors header without touching tensor data.
///
/// Rules (from `huggingface/safetensors` `Metadata::validate`): little-endian u64 header length,
/// at most `maxHeaderLength` and inside the file; a JSON object starting with `{`, no duplicate
/// keys; `__metadata__` maps strings to strings; known dtypes; integer shapes; offsets that tile
/// the data buffer from 0 with no gap, overlap or trailing byte; sizes = product(shape) × width,
/// overflow-checked.
public enum SafetensorsReader {
  /// Largest header accepted (the upstream limit).
  public static let maxHeaderLength: UInt64 = 100_000_000
  static let area = ArtifactArea.safetensors

  /// Reads the header of the file at `path`; `label` names the file in errors (default: `path`).
  public static func read(path: String, label: String? = nil) throws -> SafetensorsHeader {
    let name = label ?? path
    return try read(source: try FileByteSource(path: path, label: name), file: name)
  }

  /// Reads a header from in-memory bytes.
  public static func read(bytes: [UInt8], file: String) throws -> SafetensorsHeader {
    try read(source: MemoryByteSource(bytes), file: file)
  }

  static func read(source: any ByteSource, file: String) throws -> SafetensorsHeader {
    func fail(_ problem: ArtifactProblem, _ message: String, _ offset: UInt64?) -> Diagnostic {
      .artifact(area, problem, message, file: file, offset: offset)
    }
    let fileSize = source.size
    guard fileSize >= 8 else { throw fail(.fileTooSmall, "needs at least 8 bytes, has \(fileSize)", 0) }
    let cursor = ByteCursor(source: source, area: area, file: file)
    let length = try cursor.read(UInt64.self)
    guard length <= maxHeaderLength else {
      throw fail(.headerTooLarge, "header length \(length) exceeds the limit of \(maxHeaderLength)", 0)
    }
    guard length <= fileSize - 8 else {
      throw fail(.headerOutOfBounds, "header length \(length) runs past the end of the \(fileSize)-byte file", 0)
    }
    let headerBytes = try cursor.readBytes(length, limit: maxHeaderLength, limitProblem: .headerTooLarge)
    guard headerBytes.first == UInt8(ascii: "{") else {
      throw fail(.invalidHeaderStart, "header does not start with '{'", 8)
    }
    var parser = StrictJSONParser(bytes: headerBytes, baseOffset: 8, codes: .artifact(area), file: file)
    guard case .object(let members) = try parser.parseDocument() else {
      throw fail(.headerNotObject, "header is not a JSON object", 8)
    }
    let dataStart = 8 + length
    var metadata: [String: String] = [:]
    var tensors: [SafetensorsTensor] = []
    for member in members {
      let at = 8 + UInt64(member.offset)
      if member.key == "__metadata__" {
        guard case .object(let entries) = member.value else {
          throw fail(.invalidMetadata, "__metadata__ must be an object of strings", at)
        }
        for entry in entries {
          guard case .string(let text) = entry.value else {
            throw fail(.invalidMetadata, "__metadata__.\(entry.key) is a \(entry.value.kind), not a string", at)
          }
          metadata[entry.key] = text
        }
        continue
      }
      tensors.append(try tensor(member.key, member.value, at: at, fail: fail))
    }
    try validateLayout(tensors, dataStart: dataStart, fileSize: fileSize, fail: fail)
    return SafetensorsHeader(
      headerLength: length, dataStart: dataStart, fileSize: fileSize, metadata: metadata, tensors: tensors)
  }

  private static func tensor(
    _ name: String, _ value: JSONValue, at: UInt64,
    fail: (ArtifactProblem, String, UInt64?) -> Diagnostic
  ) throws -> SafetensorsTensor {
    guard case .object(let fields) = value else {
      throw fail(.invalidTensorEntry, "tensor \"\(name)\" is a \(value.kind), not an object", at)
    }
    var dtypeValue: JSONValue?
    var shapeValue: JSONValue?
    var offsetsValue: JSONValue?
    for field in fields {
      switch field.key {
      case "dtype": dtypeValue = field.value
      case "shape": shapeValue = field.value
      case "data_offsets": offsetsValue = field.value
      default: throw fail(.invalidTensorEntry, "tensor \"\(name)\" has unknown field \"\(field.key)\"", at)
      }
    }
    guard case .string(let dtypeName) = dtypeValue else {
      throw fail(.invalidTensorEntry, "tensor \"\(name)\" has no string dtype", at)
    }
    guard let dtype = SafetensorsDType(dtypeName) else {
      throw fail(.unknownDtype, "tensor \"\(name)\" has unknown dtype \"\(dtypeName)\"", at)
    }
    guard case .array(let dims) = shapeValue else {
      throw fail(.invalidShape, "tensor \"\(name)\" has no shape array", at)
    }
    var shape: [UInt64] = []
    for dim in dims {
      guard let size = dim.unsignedInteger else {
        throw fail(.invalidShape, "tensor \"\(name)\" has a shape entry that is not a non-negative integer", at)
      }
      shape.append(size)
    }
    guard case .array(let offsets) = offsetsValue, offsets.count == 2,
      let begin = offsets[0].unsignedInteger, let end = offsets[1].unsignedInteger
    else {
      throw fail(.invalidOffsets, "tensor \"\(name)\" needs data_offsets [begin, end] of unsigned integers", at)
    }
    guard begin <= end else {
      throw fail(.invalidOffsets, "tensor \"\(name)\" has begin \(begin) after end \(end)", at)
    }
    guard let count = Checked.product(shape), let bits = Checked.multiply(count, dtype.bits) else {
      throw fail(.sizeOverflow, "tensor \"\(name)\": element count × dtype width overflows 64 bits", at)
    }
    guard bits % 8 == 0 else {
      throw fail(.misalignedBits, "tensor \"\(name)\": \(bits) bits is not a whole number of bytes", at)
    }
    guard end - begin == bits / 8 else {
      throw fail(
        .sizeMismatch,
        "tensor \"\(name)\": data_offsets span \(end - begin) bytes but \(dtypeName)\(shape) needs \(bits / 8)", at)
    }
    return SafetensorsTensor(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
  }

  private static func validateLayout(
    _ tensors: [SafetensorsTensor], dataStart: UInt64, fileSize: UInt64,
    fail: (ArtifactProblem, String, UInt64?) -> Diagnostic
  ) throws {
    let ordered = tensors.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var expected: UInt64 = 0
    for tensor in ordered {
      if tensor.begin != expected {
        let kind = tensor.begin > expected ? "gap" : "overlap"
        throw fail(
          .nonContiguous,
          "tensor \"\(tensor.name)\" starts at \(tensor.begin), expected \(expected) (\(kind) in the data buffer)",
          Checked.add(dataStart, min(tensor.begin, expected)))
      }
      expected = tensor.end
    }
    let dataSize = fileSize - dataStart
    if expected > dataSize {
      throw fail(
        .dataOutOfBounds, "tensors need \(expected) data bytes but the file has \(dataSize)", dataStart)
    }
    if expected < dataSize {
      throw fail(
        .trailingBytes, "\(dataSize - expected) bytes after the last tensor", dataStart + expected)
    }
  }

  /// Canonical facts for a validated header.
  public static func facts(_ header: SafetensorsHeader, file: String) -> ArtifactFacts {
    var facts = ArtifactFacts(format: .safetensors)
    facts.tensors = header.tensors.map { tensor in
      TensorSpec(
        name: tensor.name, dtype: tensor.dtype.canonical,
        shape: tensor.shape.map { Checked.int($0).map(Dim.fixed) ?? .unknown })
    }
    for (key, value) in header.metadata {
      facts.metadata[key] = SourcedValue(
        value: .string(value), source: Provenance(format: .safetensors, file: file, key: "__metadata__.\(key)"))
    }
    return facts
  }
}

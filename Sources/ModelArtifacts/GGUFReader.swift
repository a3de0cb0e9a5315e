import Diagnostics

/// Reads a GGUF (v2/v3, little-endian) header: metadata, tensor infos and layout, without
/// loading tensor data. Every count from the file is capped and checked against the bytes that
/// remain before anything is allocated.
public enum GGUFReader {
  /// Largest tensor count accepted.
  public static let maxTensorCount: UInt64 = 1 << 20
  /// Largest metadata pair count accepted.
  public static let maxKeyValueCount: UInt64 = 1 << 20
  /// Longest string value accepted (bytes).
  public static let maxStringLength: UInt64 = 64 << 20
  /// Arrays with more elements are summarised (type and count) instead of retained.
  public static let maxRetainedArrayElements: UInt64 = 1024
  /// Array elements retained per file, across all (nested) arrays; later arrays are summarised.
  public static let maxRetainedValues: UInt64 = 1 << 16
  /// Deepest array nesting accepted.
  public static let maxArrayDepth = 8
  /// Largest tensor rank (`GGML_MAX_DIMS`).
  public static let maxDimensions: UInt32 = 4
  /// Longest tensor name (`GGML_MAX_NAME`).
  public static let maxNameLength: UInt64 = 64
  static let area = ArtifactArea.gguf

  /// Reads the file at `path`; `label` names it in errors.
  public static func read(path: String, label: String? = nil) throws -> GGUFFile {
    let name = label ?? path
    return try read(source: try FileByteSource(path: path, label: name), file: name)
  }

  /// Reads from in-memory bytes.
  public static func read(bytes: [UInt8], file: String) throws -> GGUFFile {
    try read(source: MemoryByteSource(bytes), file: file)
  }

  static func read(source: any ByteSource, file: String) throws -> GGUFFile {
    let cursor = ByteCursor(source: source, area: area, file: file)
    guard source.size >= 24 else { throw cursor.error(.fileTooSmall, "a GGUF header needs 24 bytes", at: 0) }
    let magic = try cursor.read(UInt32.self)
    guard magic == 0x4655_4747 else { throw cursor.error(.badMagic, "file does not start with \"GGUF\"", at: 0) }
    let version = try cursor.read(UInt32.self)
    if version > 0xFFFF, [1, 2, 3].contains(version.byteSwapped) {
      throw cursor.error(.bigEndian, "big-endian GGUF (version \(version.byteSwapped)) is not supported", at: 4)
    }
    guard version == 2 || version == 3 else {
      throw cursor.error(.unsupportedVersion, "GGUF version \(version) is not supported (2 or 3)", at: 4)
    }
    let tensorCount = try cursor.read(UInt64.self)
    let kvCount = try cursor.read(UInt64.self)
    // A tensor info needs ≥ 24 bytes (name length, rank, type, offset); a pair ≥ 13.
    guard tensorCount <= maxTensorCount, tensorCount <= cursor.remaining / 24 else {
      throw cursor.error(.tooManyTensors, "tensor count \(tensorCount) exceeds the cap or the file size", at: 8)
    }
    guard kvCount <= maxKeyValueCount, kvCount <= cursor.remaining / 13 else {
      throw cursor.error(.tooManyKeys, "metadata count \(kvCount) exceeds the cap or the file size", at: 16)
    }
    var metadata: [GGUFKeyValue] = []
    metadata.reserveCapacity(Int(min(kvCount, 4096)))
    var keys = Set<String>()
    var budget = maxRetainedValues
    for _ in 0..<kvCount {
      let at = cursor.offset
      let key = try readName(cursor, limit: 65535, what: "key")
      guard keys.insert(key).inserted else { throw cursor.error(.duplicateKey, "duplicate key \"\(key)\"", at: at) }
      let type = try cursor.read(UInt32.self)
      metadata.append(GGUFKeyValue(key: key, value: try readValue(cursor, type: type, depth: 0, budget: &budget)))
    }
    var alignment: UInt64 = 32
    if let entry = metadata.first(where: { $0.key == "general.alignment" }) {
      guard case .uint32(let value) = entry.value, value > 0, value & (value - 1) == 0 else {
        throw cursor.error(.invalidAlignment, "general.alignment must be a non-zero power-of-two uint32")
      }
      alignment = UInt64(value)
    }
    var tensors: [GGUFTensorInfo] = []
    tensors.reserveCapacity(Int(min(tensorCount, 4096)))
    var names = Set<String>()
    for _ in 0..<tensorCount {
      let info = try readTensorInfo(cursor)
      guard names.insert(info.name).inserted else {
        throw cursor.error(.duplicateTensor, "duplicate tensor \"\(info.name)\"", at: info.recordOffset)
      }
      tensors.append(info)
    }
    let infoEnd = cursor.offset
    let padding = (alignment - infoEnd % alignment) % alignment
    guard let dataStart = Checked.add(infoEnd, padding), dataStart <= source.size else {
      throw cursor.error(.truncated, "data section starts past the end of the file", at: infoEnd)
    }
    try validateLayout(tensors, alignment: alignment, dataStart: dataStart, fileSize: source.size, cursor: cursor)
    return GGUFFile(
      version: version, metadata: metadata, tensors: tensors, alignment: alignment, dataStart: dataStart,
      fileSize: source.size)
  }

  private static func readName(_ cursor: ByteCursor, limit: UInt64, what: String) throws -> String {
    let at = cursor.offset
    let length = try cursor.read(UInt64.self)
    let bytes = try cursor.readBytes(length, limit: limit, limitProblem: .nameTooLong)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw cursor.error(.invalidUtf8, "\(what) is not valid UTF-8", at: at)
    }
    return text
  }

  private static func readValue(
    _ cursor: ByteCursor, type: UInt32, depth: Int, retain: Bool = true, budget: inout UInt64
  ) throws
    -> GGUFValue
  {
    switch type {
    case 0: return .uint8(try cursor.read(UInt8.self))
    case 1: return .int8(try cursor.read(Int8.self))
    case 2: return .uint16(try cursor.read(UInt16.self))
    case 3: return .int16(try cursor.read(Int16.self))
    case 4: return .uint32(try cursor.read(UInt32.self))
    case 5: return .int32(try cursor.read(Int32.self))
    case 6: return .float32(Float(bitPattern: try cursor.read(UInt32.self)))
    case 7:
      let at = cursor.offset
      let byte = try cursor.readByte()
      guard byte <= 1 else { throw cursor.error(.invalidBool, "bool value \(byte) is neither 0 nor 1", at: at) }
      return .bool(byte == 1)
    case 8:
      let length = try cursor.read(UInt64.self)
      guard retain else {
        try cursor.skip(length)
        return .string("")
      }
      let bytes = try cursor.readBytes(length, limit: maxStringLength, limitProblem: .stringTooLarge)
      return .string(String(decoding: bytes, as: UTF8.self))
    case 9:
      let at = cursor.offset
      guard depth < maxArrayDepth else {
        throw cursor.error(.arrayTooDeep, "arrays nested deeper than \(maxArrayDepth)", at: at)
      }
      let elementType = try cursor.read(UInt32.self)
      let count = try cursor.read(UInt64.self)
      guard let minimum = minimumSize(elementType) else {
        throw cursor.error(.invalidValueType, "unknown array element type \(elementType)", at: at)
      }
      guard count <= cursor.remaining / minimum else {
        throw cursor.error(.arrayTooLarge, "array of \(count) elements cannot fit in the file", at: at)
      }
      let keep = retain && count <= maxRetainedArrayElements && count <= budget
      if keep { budget -= count }
      var elements: [GGUFValue] = []
      if keep { elements.reserveCapacity(Int(count)) }
      for _ in 0..<count {
        let element = try readValue(cursor, type: elementType, depth: depth + 1, retain: keep, budget: &budget)
        if keep { elements.append(element) }
      }
      return .array(elementType: elementType, count: count, elements: elements)
    case 10: return .uint64(try cursor.read(UInt64.self))
    case 11: return .int64(try cursor.read(Int64.self))
    case 12: return .float64(Double(bitPattern: try cursor.read(UInt64.self)))
    default:
      throw cursor.error(.invalidValueType, "unknown metadata value type \(type)", at: cursor.offset - 4)
    }
  }

  /// Smallest encoding of one value of `type`, or `nil` for unknown types.
  private static func minimumSize(_ type: UInt32) -> UInt64? {
    switch type {
    case 0, 1, 7: 1
    case 2, 3: 2
    case 4, 5, 6: 4
    case 8, 10, 11, 12: 8
    case 9: 12
    default: nil
    }
  }

  private static func readTensorInfo(_ cursor: ByteCursor) throws -> GGUFTensorInfo {
    let at = cursor.offset
    let name = try readName(cursor, limit: maxNameLength, what: "tensor name")
    let rank = try cursor.read(UInt32.self)
    guard rank <= maxDimensions else {
      throw cursor.error(.tooManyDimensions, "tensor \"\(name)\" has \(rank) dimensions (max \(maxDimensions))", at: at)
    }
    var dims: [UInt64] = []
    for _ in 0..<rank {
      let dim = try cursor.read(UInt64.self)
      guard dim <= UInt64(Int64.max) else {
        throw cursor.error(.invalidDimension, "tensor \"\(name)\" has dimension \(dim) beyond int64", at: at)
      }
      dims.append(dim)
    }
    let type = try cursor.read(UInt32.self)
    let offset = try cursor.read(UInt64.self)
    guard let layout = GGMLType.known[type] else {
      throw cursor.error(.unknownTensorType, "tensor \"\(name)\" has unknown ggml type \(type)", at: at)
    }
    let inner = dims.first ?? 1
    guard inner % layout.blockSize == 0 else {
      throw cursor.error(
        .invalidDimension, "tensor \"\(name)\": \(inner) is not a multiple of the \(layout.name) block size \(layout.blockSize)",
        at: at)
    }
    guard let count = Checked.product(dims), let size = Checked.multiply(count / layout.blockSize, layout.typeSize)
    else { throw cursor.error(.sizeOverflow, "tensor \"\(name)\": byte size overflows 64 bits", at: at) }
    return GGUFTensorInfo(
      name: name, dimensions: dims, ggmlType: type, offset: offset, byteCount: size, recordOffset: at)
  }

  private static func validateLayout(
    _ tensors: [GGUFTensorInfo], alignment: UInt64, dataStart: UInt64, fileSize: UInt64, cursor: ByteCursor
  ) throws {
    let dataSize = fileSize - dataStart
    var previousEnd: UInt64 = 0
    var previousName = ""
    for tensor in tensors.sorted(by: { ($0.offset, $0.name) < ($1.offset, $1.name) }) {
      guard tensor.offset % alignment == 0 else {
        throw cursor.error(
          .misalignedTensor, "tensor \"\(tensor.name)\" offset \(tensor.offset) is not a multiple of \(alignment)",
          at: tensor.recordOffset)
      }
      guard let end = Checked.add(tensor.offset, tensor.byteCount), end <= dataSize else {
        throw cursor.error(
          .tensorOutOfBounds,
          "tensor \"\(tensor.name)\" (\(tensor.byteCount) bytes at \(tensor.offset)) runs past the \(dataSize)-byte data section",
          at: tensor.recordOffset)
      }
      guard tensor.offset >= previousEnd else {
        throw cursor.error(
          .overlappingTensors, "tensor \"\(tensor.name)\" overlaps \"\(previousName)\"", at: tensor.recordOffset)
      }
      previousEnd = end
      previousName = tensor.name
    }
  }

  /// Canonical facts: tensors in numpy order, every metadata pair with its source.
  public static func facts(_ gguf: GGUFFile, file: String) -> ArtifactFacts {
    var facts = ArtifactFacts(format: .gguf)
    facts.tensors = gguf.tensors.map { info in
      TensorSpec(
        name: info.name, dtype: GGMLType.canonical(info.ggmlType),
        shape: info.shape.map { Checked.int($0).map(Dim.fixed) ?? .unknown })
    }
    for pair in gguf.metadata {
      facts.metadata[pair.key] = SourcedValue(
        value: pair.value.metadataValue, source: Provenance(format: .gguf, file: file, key: pair.key))
    }
    return facts
  }
}

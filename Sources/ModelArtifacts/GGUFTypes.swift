/// A typed GGUF metadata value. Arrays longer than `GGUFReader.maxRetainedArrayElements`
/// keep their element type and count but not their elements.
public indirect enum GGUFValue: Sendable, Hashable, Codable {
  case uint8(UInt8)
  case int8(Int8)
  case uint16(UInt16)
  case int16(Int16)
  case uint32(UInt32)
  case int32(Int32)
  case float32(Float)
  case bool(Bool)
  case string(String)
  case uint64(UInt64)
  case int64(Int64)
  case float64(Double)
  /// `elements.count < count` means the elements were not retained.
  case array(elementType: UInt32, count: UInt64, elements: [GGUFValue])

  /// GGUF value type names by their on-disk number.
  public static let typeNames: [UInt32: String] = [
    0: "uint8", 1: "int8", 2: "uint16", 3: "int16", 4: "uint32", 5: "int32", 6: "float32", 7: "bool",
    8: "string", 9: "array", 10: "uint64", 11: "int64", 12: "float64",
  ]

  /// The value as canonical metadata.
  public var metadataValue: MetadataValue {
    switch self {
    case .uint8(let v): .uint(UInt64(v))
    case .int8(let v): .int(Int64(v))
    case .uint16(let v): .uint(UInt64(v))
    case .int16(let v): .int(Int64(v))
    case .uint32(let v): .uint(UInt64(v))
    case .int32(let v): .int(Int64(v))
    case .float32(let v): .float(Double(v))
    case .bool(let v): .bool(v)
    case .string(let v): .string(v)
    case .uint64(let v): .uint(v)
    case .int64(let v): .int(v)
    case .float64(let v): .float(v)
    case .array(let type, let count, let elements):
      UInt64(elements.count) == count
        ? .array(elements.map(\.metadataValue))
        : .arraySummary(elementType: Self.typeNames[type] ?? "\(type)", count: count)
    }
  }
}

/// One GGUF tensor info record.
public struct GGUFTensorInfo: Sendable, Hashable, Codable {
  /// Tensor name (at most 64 bytes).
  public var name: String
  /// Dimensions as stored: innermost first (numpy shape reversed).
  public var dimensions: [UInt64]
  /// ggml type number.
  public var ggmlType: UInt32
  /// Offset of the tensor's data relative to the data section.
  public var offset: UInt64
  /// Size of the tensor's data in bytes.
  public var byteCount: UInt64
  /// Absolute file offset of the record, for errors.
  public var recordOffset: UInt64

  /// Shape in numpy (outermost-first) order.
  public var shape: [UInt64] { dimensions.reversed() }
}

/// The layout of a ggml tensor type: elements per block and bytes per block.
public struct GGMLType: Sendable, Hashable {
  /// Type name (`F32`, `Q4_K`, …).
  public var name: String
  /// Elements per block.
  public var blockSize: UInt64
  /// Bytes per block.
  public var typeSize: UInt64

  /// Known ggml types by number (gguf-py `GGML_QUANT_SIZES`). Removed numbers (4, 5, 31–33, 36–38)
  /// and unknown future types are absent and rejected: without a size a tensor cannot be bounded.
  public static let known: [UInt32: GGMLType] = {
    let rows: [(UInt32, String, UInt64, UInt64)] = [
      (0, "F32", 1, 4), (1, "F16", 1, 2), (2, "Q4_0", 32, 18), (3, "Q4_1", 32, 20), (6, "Q5_0", 32, 22),
      (7, "Q5_1", 32, 24), (8, "Q8_0", 32, 34), (9, "Q8_1", 32, 36), (10, "Q2_K", 256, 84),
      (11, "Q3_K", 256, 110), (12, "Q4_K", 256, 144), (13, "Q5_K", 256, 176), (14, "Q6_K", 256, 210),
      (15, "Q8_K", 256, 292), (16, "IQ2_XXS", 256, 66), (17, "IQ2_XS", 256, 74), (18, "IQ3_XXS", 256, 98),
      (19, "IQ1_S", 256, 50), (20, "IQ4_NL", 32, 18), (21, "IQ3_S", 256, 110), (22, "IQ2_S", 256, 82),
      (23, "IQ4_XS", 256, 136), (24, "I8", 1, 1), (25, "I16", 1, 2), (26, "I32", 1, 4), (27, "I64", 1, 8),
      (28, "F64", 1, 8), (29, "IQ1_M", 256, 56), (30, "BF16", 1, 2), (34, "TQ1_0", 256, 54),
      (35, "TQ2_0", 256, 66), (39, "MXFP4", 32, 17),
    ]
    var table: [UInt32: GGMLType] = [:]
    for row in rows { table[row.0] = GGMLType(name: row.1, blockSize: row.2, typeSize: row.3) }
    return table
  }()

  /// The canonical dtype of a ggml type number.
  public static func canonical(_ type: UInt32) -> DType {
    switch type {
    case 0: .f32
    case 1: .f16
    case 24: .i8
    case 25: .i16
    case 26: .i32
    case 27: .i64
    case 28: .f64
    case 30: .bf16
    default: .opaque("ggml:\(known[type]?.name ?? String(type))")
    }
  }
}

/// A parsed and bounds-checked GGUF header.
public struct GGUFFile: Sendable, Hashable, Codable {
  /// Format version (2 or 3).
  public var version: UInt32
  /// Metadata key/value pairs in file order.
  public var metadata: [GGUFKeyValue]
  /// Tensor infos in file order.
  public var tensors: [GGUFTensorInfo]
  /// Data alignment (`general.alignment`, default 32).
  public var alignment: UInt64
  /// Absolute offset of the data section.
  public var dataStart: UInt64
  /// Total file size.
  public var fileSize: UInt64

  /// The value for `key`, if present.
  public func value(_ key: String) -> GGUFValue? { metadata.first { $0.key == key }?.value }
}

/// One metadata pair.
public struct GGUFKeyValue: Sendable, Hashable, Codable {
  /// The key (`general.architecture`, …).
  public var key: String
  /// Its typed value.
  public var value: GGUFValue
}

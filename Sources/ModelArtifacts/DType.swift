/// The canonical element type of a tensor, normalised across formats
/// (see the canonical dtype table in `shared/reference/model-artifacts.md`).
///
/// Types outside the table (safetensors `F8_*`/`F4`/`C64`, ONNX 17–28, GGUF quantised blocks)
/// are kept as `opaque("<format>:<name>")` and only ever match exactly.
public enum DType: Sendable, Hashable, Codable, CustomStringConvertible {
  case bool
  case u8, u16, u32, u64
  case i8, i16, i32, i64
  case f16, bf16, f32, f64
  /// Strings or raw bytes (ONNX STRING, OIP BYTES).
  case string
  /// A format-specific type with no canonical equivalent, spelled `format:name`.
  case opaque(String)

  /// The canonical spelling (`f32`, `bf16`, …) or the opaque name.
  public var description: String {
    switch self {
    case .bool: "bool"
    case .u8: "u8"
    case .u16: "u16"
    case .u32: "u32"
    case .u64: "u64"
    case .i8: "i8"
    case .i16: "i16"
    case .i32: "i32"
    case .i64: "i64"
    case .f16: "f16"
    case .bf16: "bf16"
    case .f32: "f32"
    case .f64: "f64"
    case .string: "string"
    case .opaque(let name): name
    }
  }

  /// Parses the canonical spelling produced by `description`; anything else becomes `opaque`.
  public init(canonical text: String) {
    let table: [String: DType] = [
      "bool": .bool, "u8": .u8, "u16": .u16, "u32": .u32, "u64": .u64, "i8": .i8, "i16": .i16,
      "i32": .i32, "i64": .i64, "f16": .f16, "bf16": .bf16, "f32": .f32, "f64": .f64, "string": .string,
    ]
    self = table[text] ?? .opaque(text)
  }

  public init(from decoder: any Decoder) throws {
    self.init(canonical: try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  /// Maps an ONNX `TensorProto.DataType` number.
  public static func onnx(_ elemType: Int64) -> DType {
    switch elemType {
    case 1: .f32
    case 2: .u8
    case 3: .i8
    case 4: .u16
    case 5: .i16
    case 6: .i32
    case 7: .i64
    case 8: .string
    case 9: .bool
    case 10: .f16
    case 11: .f64
    case 12: .u32
    case 13: .u64
    case 16: .bf16
    default: .opaque("onnx:\(elemType)")
    }
  }
}

/// A safetensors dtype string with its element width in bits.
public struct SafetensorsDType: Sendable, Hashable, Codable {
  /// The dtype as written in the header (`F32`, `BF16`, `F8_E4M3`, …).
  public var name: String
  /// Bits per element (4, 6, 8, 16, 32 or 64).
  public var bits: UInt64

  /// Every dtype safetensors 0.8.0 accepts, with its width in bits.
  public static let known: [String: UInt64] = [
    "BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8,
    "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
    "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64, "U64": 64,
  ]

  /// Looks up a header dtype; `nil` when safetensors does not know it.
  public init?(_ name: String) {
    guard let bits = Self.known[name] else { return nil }
    self.name = name
    self.bits = bits
  }

  /// The canonical dtype.
  public var canonical: DType {
    switch name {
    case "BOOL": .bool
    case "U8": .u8
    case "U16": .u16
    case "U32": .u32
    case "U64": .u64
    case "I8": .i8
    case "I16": .i16
    case "I32": .i32
    case "I64": .i64
    case "F16": .f16
    case "BF16": .bf16
    case "F32": .f32
    case "F64": .f64
    default: .opaque("safetensors:\(name)")
    }
  }
}

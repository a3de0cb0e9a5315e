/// Builds GGUF files byte by byte.
struct GGUFBuilder {
  enum Value {
    case u8(UInt8)
    case i8(Int8)
    case u16(UInt16)
    case i16(Int16)
    case u32(UInt32)
    case i32(Int32)
    case f32(Float)
    case bool(UInt8)
    case string(String)
    case u64(UInt64)
    case i64(Int64)
    case f64(Double)
    case array(UInt32, [Value])
    /// An array header claiming `count` elements followed by nothing.
    case hollowArray(UInt32, UInt64)

    var type: UInt32 {
      switch self {
      case .u8: 0
      case .i8: 1
      case .u16: 2
      case .i16: 3
      case .u32: 4
      case .i32: 5
      case .f32: 6
      case .bool: 7
      case .string: 8
      case .array, .hollowArray: 9
      case .u64: 10
      case .i64: 11
      case .f64: 12
      }
    }
  }

  struct Tensor {
    var name: String
    var dims: [UInt64]
    var type: UInt32
    var offset: UInt64
  }

  var version: UInt32 = 3
  var magic: [UInt8] = Array("GGUF".utf8)
  var kvs: [(String, Value)] = []
  var tensors: [Tensor] = []
  var alignment = 32
  var dataSize = 0
  var tensorCountOverride: UInt64? = nil
  var kvCountOverride: UInt64? = nil

  static func string(_ w: inout ByteWriter, _ s: String) {
    w.u64(UInt64(s.utf8.count))
    w.text(s)
  }

  static func value(_ w: inout ByteWriter, _ v: Value) {
    switch v {
    case .u8(let x): w.u8(x)
    case .i8(let x): w.append(x)
    case .u16(let x): w.u16(x)
    case .i16(let x): w.append(x)
    case .u32(let x): w.u32(x)
    case .i32(let x): w.i32(x)
    case .f32(let x): w.u32(x.bitPattern)
    case .bool(let x): w.u8(x)
    case .string(let s): string(&w, s)
    case .u64(let x): w.u64(x)
    case .i64(let x): w.append(x)
    case .f64(let x): w.u64(x.bitPattern)
    case .array(let type, let items):
      w.u32(type)
      w.u64(UInt64(items.count))
      for item in items { value(&w, item) }
    case .hollowArray(let type, let count):
      w.u32(type)
      w.u64(count)
    }
  }

  func build() -> [UInt8] {
    var w = ByteWriter()
    w.raw(magic)
    w.u32(version)
    w.u64(tensorCountOverride ?? UInt64(tensors.count))
    w.u64(kvCountOverride ?? UInt64(kvs.count))
    for (key, v) in kvs {
      Self.string(&w, key)
      w.u32(v.type)
      Self.value(&w, v)
    }
    for t in tensors {
      Self.string(&w, t.name)
      w.u32(UInt32(t.dims.count))
      for d in t.dims { w.u64(d) }
      w.u32(t.type)
      w.u64(t.offset)
    }
    w.pad(to: alignment)
    w.raw([UInt8](repeating: 0, count: dataSize))
    return w.bytes
  }

  /// The reference file: llama metadata, an array KV, two F32 tensors (numpy (8,4) stored [4,8]).
  static func reference() -> GGUFBuilder {
    var b = GGUFBuilder()
    b.kvs = [
      ("general.architecture", .string("llama")),
      ("general.name", .string("tiny")),
      ("general.license", .string("mit")),
      ("tokenizer.ggml.scores", .array(6, [.f32(0.5), .f32(-1)])),
      ("nested", .array(9, [.array(4, [.u32(1), .u32(2)]), .array(8, [.string("x")])])),
      ("flag", .bool(1)),
      ("i", .i64(-5)),
      ("d", .f64(2.5)),
    ]
    b.tensors = [
      Tensor(name: "w", dims: [4, 8], type: 0, offset: 0),
      Tensor(name: "b", dims: [8], type: 0, offset: 128),
    ]
    b.dataSize = 128 + 32
    return b
  }
}

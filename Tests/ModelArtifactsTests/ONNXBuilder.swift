/// Protobuf wire writer for ONNX fixtures.
struct ProtoWriter {
  var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }
  mutating func int(_ field: UInt64, _ value: Int64) {
    varint(field << 3)
    varint(UInt64(bitPattern: value))
  }
  mutating func bytesField(_ field: UInt64, _ payload: [UInt8]) {
    varint(field << 3 | 2)
    varint(UInt64(payload.count))
    bytes += payload
  }
  mutating func string(_ field: UInt64, _ text: String) { bytesField(field, Array(text.utf8)) }
  mutating func message(_ field: UInt64, _ build: (inout ProtoWriter) -> Void) {
    var inner = ProtoWriter()
    build(&inner)
    bytesField(field, inner.bytes)
  }
}

enum ONNXBuilder {
  enum D {
    case value(Int64)
    case param(String)
    case none
  }

  static func valueInfo(_ w: inout ProtoWriter, field: UInt64, name: String, elem: Int64, dims: [D]?) {
    w.message(field) { v in
      v.string(1, name)
      v.message(2) { t in
        t.message(1) { tt in
          tt.int(1, elem)
          if let dims {
            tt.message(2) { s in
              for d in dims {
                s.message(1) { dim in
                  switch d {
                  case .value(let x): dim.int(1, x)
                  case .param(let p): dim.string(2, p)
                  case .none: break
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// The reference `model.onnx`: Gemm, input float[N,4], output float[N,2], IR `ir`, opset 17.
  static func model(ir: Int64 = 8, initializerAsInput: Bool = false, external: String? = nil) -> [UInt8] {
    var m = ProtoWriter()
    m.int(1, ir)
    m.string(2, "paved-tests")
    m.message(7) { g in
      g.message(1) { n in
        n.string(1, "X")
        n.string(1, "W")
        n.string(2, "Y")
        n.string(4, "Gemm")
      }
      g.string(2, "main")
      g.message(5) { t in
        t.int(1, 4)
        t.int(1, 2)
        t.int(2, 1)
        t.string(8, "W")
        if let external {
          t.message(13) { e in
            e.string(1, "location")
            e.string(2, external)
          }
          t.message(13) { e in
            e.string(1, "length")
            e.string(2, "32")
          }
          t.int(14, 1)
        } else {
          t.bytesField(9, [UInt8](repeating: 0, count: 32))
        }
      }
      valueInfo(&g, field: 11, name: "X", elem: 1, dims: [.param("N"), .value(4)])
      if initializerAsInput { valueInfo(&g, field: 11, name: "W", elem: 1, dims: [.value(4), .value(2)]) }
      valueInfo(&g, field: 12, name: "Y", elem: 1, dims: [.param("N"), .value(2)])
      valueInfo(&g, field: 12, name: "Z", elem: 7, dims: nil)
      valueInfo(&g, field: 12, name: "U", elem: 16, dims: [.none, .value(-1)])
    }
    m.message(8) { o in
      o.string(1, "")
      o.int(2, 17)
    }
    m.message(8) { o in
      o.string(1, "com.microsoft")
      o.int(2, 1)
    }
    for (k, v) in [("owner", "ml-team"), ("git_commit", "abc123"), ("license", "mit")] {
      m.message(14) { p in
        p.string(1, k)
        p.string(2, v)
      }
    }
    return m.bytes
  }
}

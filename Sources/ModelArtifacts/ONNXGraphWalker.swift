import Diagnostics

/// Walks a `GraphProto`: value infos of the top-level graph, initializers, and (recursively
/// through node attributes and subgraphs) every tensor that points at external data.
struct ONNXGraphWalker {
  let file: String
  var inputs: [TensorSpec] = []
  var outputs: [TensorSpec] = []
  var initializers: [TensorSpec] = []
  var externalData: [ONNXExternalData] = []

  init(file: String) { self.file = file }

  mutating func walk(_ graph: ProtobufReader, topLevel: Bool) throws {
    while let field = try graph.next() {
      guard field.wireType == 2 else { continue }
      switch field.number {
      case 1: try node(try graph.nested(field))
      case 5:
        let tensor = try tensor(try graph.nested(field))
        if topLevel { initializers.append(tensor) }
      case 11 where topLevel: inputs.append(try valueInfo(try graph.nested(field)))
      case 12 where topLevel: outputs.append(try valueInfo(try graph.nested(field)))
      case 15:  // SparseTensorProto { 1 values, 2 indices, 3 dims }
        let sparse = try graph.nested(field)
        while let f = try sparse.next() {
          guard f.wireType == 2, f.number == 1 || f.number == 2 else { continue }
          let values = try tensor(try sparse.nested(f))
          if topLevel, f.number == 1 { initializers.append(values) }
        }
      default: break
      }
    }
  }

  /// NodeProto field 5 = attribute; AttributeProto 5 t, 6 g, 10 tensors, 11 graphs, 22/23 sparse.
  private mutating func node(_ node: ProtobufReader) throws {
    while let field = try node.next() {
      guard field.number == 5, field.wireType == 2 else { continue }
      let attribute = try node.nested(field)
      while let a = try attribute.next() {
        guard a.wireType == 2 else { continue }
        switch a.number {
        case 5, 10: _ = try tensor(try attribute.nested(a))
        case 6, 11: try walk(try attribute.nested(a), topLevel: false)
        case 22, 23:
          let sparse = try attribute.nested(a)
          while let f = try sparse.next() {
            guard f.wireType == 2, f.number == 1 || f.number == 2 else { continue }
            _ = try tensor(try sparse.nested(f))
          }
        default: break
        }
      }
    }
  }

  /// TensorProto: 1 dims, 2 data_type, 8 name, 13 external_data {1 key, 2 value}, 14 data_location.
  private mutating func tensor(_ tensor: ProtobufReader) throws -> TensorSpec {
    var dims: [Int64] = []
    var dataType: Int64 = 0
    var name = ""
    var location: String?
    var offset: UInt64?
    var length: UInt64?
    var external = false
    var keyOffset: UInt64 = tensor.cursor.start
    while let field = try tensor.next() {
      switch (field.number, field.wireType) {
      case (1, _): try tensor.int64s(field, into: &dims)
      case (2, 0): dataType = try tensor.int64(field)
      case (8, 2): name = try tensor.string(field)
      case (14, 0): external = field.value == 1
      case (13, 2):
        let entry = try tensor.nested(field)
        var key = ""
        var value = ""
        while let f = try entry.next() {
          if f.number == 1, f.wireType == 2 { key = try entry.string(f) }
          if f.number == 2, f.wireType == 2 { value = try entry.string(f) }
        }
        switch key {
        case "location":
          location = value
          keyOffset = field.offset
        case "offset": offset = UInt64(value)
        case "length": length = UInt64(value)
        default: break
        }
      default: break
      }
    }
    if external || location != nil {
      guard let location else {
        throw Diagnostic.artifact(
          .onnx, .missingExternalLocation, "tensor \"\(name)\" is EXTERNAL but has no location",
          file: file, offset: tensor.cursor.start)
      }
      do { try PathSafety.validate(location, file: file) } catch let error as Diagnostic {
        throw Diagnostic.artifact(
          .onnx, .unsafeExternalPath, "tensor \"\(name)\": \(error.summary)", file: file,
          offset: keyOffset)
      }
      externalData.append(ONNXExternalData(tensor: name, location: location, offset: offset, length: length))
    }
    return TensorSpec(name: name, dtype: .onnx(dataType), shape: dims.map { $0 >= 0 ? Dim.fixed(Int($0)) : .unknown })
  }

  /// ValueInfoProto: 1 name, 2 type. TypeProto 1 tensor_type {1 elem_type, 2 shape {1 dim}}.
  private func valueInfo(_ info: ProtobufReader) throws -> TensorSpec {
    var spec = TensorSpec(name: "", dtype: .opaque("onnx:unknown"), shape: nil)
    while let field = try info.next() {
      if field.number == 1, field.wireType == 2 { spec.name = try info.string(field) }
      guard field.number == 2, field.wireType == 2 else { continue }
      let type = try info.nested(field)
      while let t = try type.next() {
        guard t.wireType == 2 else { continue }
        switch t.number {
        case 1, 8:  // tensor_type, sparse_tensor_type
          let tensorType = try type.nested(t)
          while let f = try tensorType.next() {
            if f.number == 1, f.wireType == 0 { spec.dtype = .onnx(try tensorType.int64(f)) }
            if f.number == 2, f.wireType == 2 { spec.shape = try shape(try tensorType.nested(f)) }
          }
        case 4: spec.dtype = .opaque("onnx:sequence")
        case 5: spec.dtype = .opaque("onnx:map")
        case 9: spec.dtype = .opaque("onnx:optional")
        default: break
        }
      }
    }
    return spec
  }

  private func shape(_ shape: ProtobufReader) throws -> [Dim] {
    var dims: [Dim] = []
    while let field = try shape.next() {
      guard field.number == 1, field.wireType == 2 else { continue }
      let dim = try shape.nested(field)
      var value = Dim.unknown
      while let f = try dim.next() {
        if f.number == 1, f.wireType == 0 {
          let v = try dim.int64(f)
          value = v >= 0 ? .fixed(Int(v)) : .unknown
        }
        if f.number == 2, f.wireType == 2 { value = .symbolic(try dim.string(f)) }
      }
      dims.append(value)
    }
    return dims
  }
}

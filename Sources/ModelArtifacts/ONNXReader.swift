import Diagnostics

/// Reads an ONNX `ModelProto` with a small protobuf wire reader: no protobuf library, and tensor
/// payloads (`raw_data`, …) are skipped in place rather than loaded.
public enum ONNXReader {
  static let area = ArtifactArea.onnx

  /// Reads the model at `path`; `label` names it in errors.
  public static func read(path: String, label: String? = nil) throws -> ONNXModel {
    let name = label ?? path
    return try read(source: try FileByteSource(path: path, label: name), file: name)
  }

  /// Reads a model from in-memory bytes.
  public static func read(bytes: [UInt8], file: String) throws -> ONNXModel {
    try read(source: MemoryByteSource(bytes), file: file)
  }

  static func read(source: any ByteSource, file: String) throws -> ONNXModel {
    let reader = ProtobufReader(cursor: ByteCursor(source: source, area: area, file: file))
    var model = ONNXModel()
    var graph: ProtoField?
    while let field = try reader.next() {
      switch (field.number, field.wireType) {
      case (1, 0): model.irVersion = try reader.int64(field)
      case (2, 2): model.producerName = try reader.string(field)
      case (3, 2): model.producerVersion = try reader.string(field)
      case (4, 2): model.domain = try reader.string(field)
      case (5, 0): model.modelVersion = try reader.int64(field)
      case (7, 2): graph = field
      case (8, 2):
        let opset = try reader.nested(field)
        var entry = ONNXOpset(domain: "", version: 0)
        while let f = try opset.next() {
          if f.number == 1, f.wireType == 2 { entry.domain = try opset.string(f) }
          if f.number == 2, f.wireType == 0 { entry.version = try opset.int64(f) }
        }
        if entry.domain.isEmpty { entry.domain = "ai.onnx" }
        model.opsets.append(entry)
      case (14, 2):
        let prop = try reader.nested(field)
        var entry = ONNXProperty(key: "", value: "")
        while let f = try prop.next() {
          if f.number == 1, f.wireType == 2 { entry.key = try prop.string(f) }
          if f.number == 2, f.wireType == 2 { entry.value = try prop.string(f) }
        }
        model.metadataProps.append(entry)
      default: break
      }
    }
    guard model.irVersion > 0 else {
      throw reader.cursor.error(.missingIrVersion, "ModelProto has no ir_version", at: 0)
    }
    guard let graph else { throw reader.cursor.error(.missingGraph, "ModelProto has no graph", at: 0) }
    var walker = ONNXGraphWalker(file: file)
    try walker.walk(try reader.nested(graph), topLevel: true)
    let initializerNames = Set(walker.initializers.map(\.name))
    model.inputs = model.irVersion < 4 ? walker.inputs.filter { !initializerNames.contains($0.name) } : walker.inputs
    model.outputs = walker.outputs
    model.initializers = walker.initializers
    model.externalData = walker.externalData
    return model
  }

  /// Canonical facts: signature, weights, metadata (`metadata_props`, IR version, opsets, producer).
  public static func facts(_ model: ONNXModel, file: String) -> ArtifactFacts {
    var facts = ArtifactFacts(format: .onnx, inputs: model.inputs, outputs: model.outputs, tensors: model.initializers)
    func put(_ key: String, _ value: MetadataValue, sourceKey: String) {
      facts.metadata[key] = SourcedValue(value: value, source: Provenance(format: .onnx, file: file, key: sourceKey))
    }
    for prop in model.metadataProps { put(prop.key, .string(prop.value), sourceKey: "metadata_props.\(prop.key)") }
    put("onnx.ir_version", .int(model.irVersion), sourceKey: "ir_version")
    if !model.producerName.isEmpty { put("onnx.producer_name", .string(model.producerName), sourceKey: "producer_name") }
    for opset in model.opsets { put("onnx.opset.\(opset.domain)", .int(opset.version), sourceKey: "opset_import") }
    facts.externalReferences = Array(Set(model.externalData.map(\.location))).sorted()
    return facts
  }
}

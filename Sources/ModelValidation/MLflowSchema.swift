import ModelArtifacts

/// MLflow signature schemas (the JSON strings in `MLmodel`'s `signature.inputs/outputs`) in
/// canonical form. ColSpec columns become `[-1, 1]` tensors (as MLServer maps them); TensorSpec
/// keeps its numpy dtype and shape.
enum MLflowSchema {
  /// Canonical dtype of an MLflow ColSpec type.
  static func columnType(_ name: String) -> DType {
    switch name {
    case "boolean": .bool
    case "integer": .i32
    case "long": .i64
    case "float": .f32
    case "double": .f64
    case "string", "binary", "datetime": .string
    default: .opaque("mlflow:\(name)")
    }
  }

  /// Canonical dtype of a numpy dtype name in a TensorSpec.
  static func numpyType(_ name: String) -> DType {
    switch name {
    case "bool": .bool
    case "uint8": .u8
    case "uint16": .u16
    case "uint32": .u32
    case "uint64": .u64
    case "int8": .i8
    case "int16": .i16
    case "int32": .i32
    case "int64": .i64
    case "float16": .f16
    case "float32": .f32
    case "float64": .f64
    case "str", "object", "bytes": .string
    default: .opaque("numpy:\(name)")
    }
  }

  /// Parsed tensors and the names marked `required: false`.
  struct Parsed {
    var tensors: [TensorSpec] = []
    var optional: Set<String> = []
  }

  /// Parses one schema JSON string; throws a message on malformed input.
  static func parse(_ text: String, file: String) throws -> Parsed {
    let json = try StrictJSON.parse(Array(text.utf8), file: file, codes: .init(invalid: .mlflowInvalidJSON, duplicateKey: .mlflowDuplicateKey))
    guard case .array(let items) = json else { throw SchemaError("a signature schema must be a JSON list") }
    guard items.count <= 100_000 else { throw SchemaError("a signature schema lists more than 100000 entries") }
    var parsed = Parsed()
    for (index, item) in items.enumerated() {
      guard case .object(let fields) = item else { throw SchemaError("schema entry \(index) is not an object") }
      func field(_ name: String) -> JSONValue? { fields.first { $0.key == name }?.value }
      var name = "\(index)"
      if case .string(let text)? = field("name") { name = text }
      if case .bool(false)? = field("required") { parsed.optional.insert(name) }
      guard case .string(let type)? = field("type") else { throw SchemaError("schema entry \(index) has no type") }
      if type == "tensor" {
        guard case .object(let spec)? = field("tensor-spec"),
          case .string(let dtype)? = spec.first(where: { $0.key == "dtype" })?.value
        else { throw SchemaError("tensor entry \(index) has no tensor-spec.dtype") }
        var shape: [Dim]? = nil
        if case .array(let dims)? = spec.first(where: { $0.key == "shape" })?.value {
          shape = try dims.map { dim -> Dim in
            guard case .number(let text) = dim, let value = Int(text), value >= -1 else {
              throw SchemaError("tensor entry \(index) has a non-integer dimension")
            }
            return value == -1 ? .unknown : .fixed(value)
          }
        }
        parsed.tensors.append(TensorSpec(name: name, dtype: numpyType(dtype), shape: shape))
      } else {
        parsed.tensors.append(TensorSpec(name: name, dtype: columnType(type), shape: [.unknown, .fixed(1)]))
      }
    }
    return parsed
  }
}

/// A schema problem (message only; the caller locates it).
struct SchemaError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

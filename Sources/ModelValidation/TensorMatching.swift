import ModelArtifacts
import PlatformModel

/// How contract tensors (spec spelling: `float32`, `[-1, 128]`, `batch`) compare with the
/// canonical signature read from an artifact.
public enum TensorMatching {
  /// Canonical dtypes a contract dtype name accepts (float8 types match the formats' opaque names).
  public static func accepted(_ contractDType: String) -> [DType] {
    switch contractDType {
    case "bool": [.bool]
    case "uint8": [.u8]
    case "uint16": [.u16]
    case "uint32": [.u32]
    case "uint64": [.u64]
    case "int8": [.i8]
    case "int16": [.i16]
    case "int32": [.i32]
    case "int64": [.i64]
    case "float16": [.f16]
    case "bfloat16": [.bf16]
    case "float32": [.f32]
    case "float64": [.f64]
    case "float8_e4m3": [.opaque("safetensors:F8_E4M3"), .opaque("onnx:17")]
    case "float8_e5m2": [.opaque("safetensors:F8_E5M2"), .opaque("onnx:19")]
    case "string": [.string]
    default: []
    }
  }

  /// The contract shape as written (`[-1, 128]`, `[batch, 256]`).
  public static func describe(_ shape: [TensorContract.Dimension]) -> String {
    "["
      + shape.map { dim in
        switch dim {
        case .fixed(let n): "\(n)"
        case .any: "-1"
        case .symbolic(let name): name
        }
      }.joined(separator: ", ") + "]"
  }

  /// The artifact shape (`[N, 4]`, `[?]` for unknown rank).
  public static func describe(_ shape: [Dim]?) -> String {
    guard let shape else { return "[?]" }
    return "[" + shape.map(\.description).joined(separator: ", ") + "]"
  }

  /// Problems with `actual` against `expected`: rank, then each fixed dimension. A contract `-1`
  /// or symbol matches any size; a fixed contract size is met by the same fixed size, and — for
  /// inputs only — by a variable artifact dimension (it accepts that size too). Symbols bind
  /// across all tensors of one check (`bindings`): two different fixed sizes for one symbol fail.
  static func shapeProblems(
    expected: [TensorContract.Dimension], actual: [Dim]?, isInput: Bool, bindings: inout [String: Int]
  ) -> [String] {
    guard let actual else { return ["the artifact does not record its rank"] }
    guard actual.count == expected.count else {
      return ["rank \(actual.count) \(describe(actual)), the contract requires rank \(expected.count) \(describe(expected))"]
    }
    var problems: [String] = []
    for (index, (want, have)) in zip(expected, actual).enumerated() {
      switch (want, have) {
      case (.any, _): continue
      case (.fixed(let n), .fixed(let m)):
        if n != m { problems.append("dimension \(index) is \(m), the contract requires \(n)") }
      case (.fixed(let n), _):
        if !isInput { problems.append("dimension \(index) is variable (\(have)), the contract requires \(n)") }
      case (.symbolic(let name), .fixed(let m)):
        if let bound = bindings[name], bound != m {
          problems.append("dimension \(index) is \(m), but '\(name)' is \(bound) elsewhere")
        } else {
          bindings[name] = m
        }
      case (.symbolic, _): continue
      }
    }
    return problems
  }
}

/// One dimension of a tensor shape.
///
/// Encodes as a JSON number for fixed sizes, `-1` for unknown, and a string for symbolic names,
/// matching the `[Int|symbol|-1]` shape convention of MLflow/OIP.
public enum Dim: Sendable, Hashable, Codable, CustomStringConvertible {
  /// A known, non-negative size.
  case fixed(Int)
  /// A dimension whose size is not recorded (`-1`, or an ONNX dim with neither value nor param).
  case unknown
  /// A named, variable dimension (ONNX `dim_param`, e.g. `"N"`).
  case symbolic(String)

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let value = try? container.decode(Int.self) {
      self = value < 0 ? .unknown : .fixed(value)
    } else {
      self = .symbolic(try container.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .fixed(let value): try container.encode(value)
    case .unknown: try container.encode(-1)
    case .symbolic(let name): try container.encode(name)
    }
  }

  /// `4`, `-1` or the symbol.
  public var description: String {
    switch self {
    case .fixed(let value): "\(value)"
    case .unknown: "-1"
    case .symbolic(let name): name
    }
  }
}

/// A named tensor in a model's signature or weights: canonical dtype and shape.
public struct TensorSpec: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Tensor name as recorded in the artifact.
  public var name: String
  /// Canonical element type.
  public var dtype: DType
  /// Shape in row-major (numpy) order; `nil` when the rank itself is unknown.
  public var shape: [Dim]?

  /// Creates a spec.
  public init(name: String, dtype: DType, shape: [Dim]?) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
  }

  /// `name: f32[N,4]`.
  public var description: String {
    let dims = shape.map { "[" + $0.map(\.description).joined(separator: ",") + "]" } ?? "[?]"
    return "\(name): \(dtype)\(dims)"
  }
}

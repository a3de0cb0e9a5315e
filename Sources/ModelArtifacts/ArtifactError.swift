/// A typed, located problem with a model artifact.
///
/// `code` is a stable, dotted identifier (for example `artifact.safetensors.header-too-large`)
/// that policies and tests can match on; `message` is for humans and may change.
public struct ArtifactError: Error, Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
  /// Stable machine-readable code, `artifact.<format>.<problem>`.
  public var code: String
  /// Human-readable explanation.
  public var message: String
  /// The file (and, for archive members, `file:member`) the problem was found in.
  public var file: String
  /// Byte offset of the problem inside `file`, when known.
  public var offset: UInt64?

  /// Creates an error value.
  public init(code: String, message: String, file: String, offset: UInt64? = nil) {
    self.code = code
    self.message = message
    self.file = file
    self.offset = offset
  }

  /// `file@offset: code: message`.
  public var description: String {
    let location = offset.map { "\(file)@\($0)" } ?? file
    return "\(location): \(code): \(message)"
  }
}

/// Overflow-checked arithmetic on untrusted numbers. Every helper returns `nil` on overflow
/// (or a negative/unrepresentable result) instead of trapping.
enum Checked {
  /// `a * b`, or `nil` on overflow.
  static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : value
  }

  /// `a + b`, or `nil` on overflow.
  static func add(_ a: UInt64, _ b: UInt64) -> UInt64? {
    let (value, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : value
  }

  /// The product of all values, or `nil` on overflow. The empty product is 1.
  static func product(_ values: [UInt64]) -> UInt64? {
    var result: UInt64 = 1
    for value in values {
      guard let next = multiply(result, value) else { return nil }
      result = next
    }
    return result
  }

  /// `value` as `Int`, or `nil` when it does not fit.
  static func int(_ value: UInt64) -> Int? { value <= UInt64(Int.max) ? Int(value) : nil }
}

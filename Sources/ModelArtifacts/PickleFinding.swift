import Diagnostics

/// An unsafe (or unverifiable) construct found while walking a pickle.
///
/// Every global outside the allowlist is a finding; so is anything the scanner could not verify
/// (a `STACK_GLOBAL` whose operands are not known strings, an extension-registry opcode, a
/// compressed archive member, a malformed stream). The scanner fails closed.
public struct PickleFinding: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Stable code, e.g. `artifact.pickle.unsafe-global` (`DiagnosticCode(.pickle, …)`).
  public var code: DiagnosticCode
  /// The file, or `file:member` for a pickle inside a zip archive.
  public var file: String
  /// Byte offset of the opcode inside `file` (absolute, also for archive members).
  public var offset: UInt64
  /// The opcode's pickletools name (`GLOBAL`, `STACK_GLOBAL`, `REDUCE`, …), or `-` when none.
  public var opcode: String
  /// The referenced global as `module.name`, when there is one (`?` for unresolvable parts).
  public var global: String?
  /// Why it is unsafe.
  public var reason: String

  /// Creates a finding.
  public init(code: DiagnosticCode, file: String, offset: UInt64, opcode: String, global: String?, reason: String) {
    self.code = code
    self.file = file
    self.offset = offset
    self.opcode = opcode
    self.global = global
    self.reason = reason
  }

  /// `file@offset OPCODE module.name: reason`.
  public var description: String {
    "\(file)@\(offset) \(opcode)\(global.map { " " + $0 } ?? ""): \(code): \(reason)"
  }
}

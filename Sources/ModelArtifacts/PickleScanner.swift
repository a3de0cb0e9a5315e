import Diagnostics

/// A global referenced by a pickle, with its verdict.
public struct PickleGlobal: Sendable, Hashable, Codable {
  /// Module (as written; `?` when unresolved).
  public var module: String
  /// Attribute name (`?` when unresolved).
  public var name: String
  /// Absolute byte offset of the importing opcode.
  public var offset: UInt64
  /// `GLOBAL`, `INST` or `STACK_GLOBAL`.
  public var opcode: String
  /// Allowlist verdict.
  public var verdict: PickleGlobalVerdict
}

/// The result of walking one pickle stream (one or more consecutive pickles).
public struct PickleScanResult: Sendable, Hashable, Codable {
  /// Every global referenced, in stream order.
  public var globals: [PickleGlobal] = []
  /// Unsafe globals and anything unverifiable; empty means the stream is weights-only safe.
  public var findings: [PickleFinding] = []
  /// Number of complete pickles walked.
  public var pickleCount = 0
  /// Protocol declared by the first pickle's PROTO opcode (0 when it has none).
  public var firstProtocol: UInt8 = 0
  /// Tensors found as `name → torch._utils._rebuild_tensor_v2(storage, …)` dict entries
  /// (a `state_dict`), with the dtype of their storage class and their size.
  public var tensors: [TensorSpec] = []

  /// True when nothing unsafe or unverifiable was found.
  public var isSafe: Bool { findings.isEmpty }
}

/// Walks pickle opcodes without executing anything, tracking an abstract stack and memo so that
/// `STACK_GLOBAL` operands fetched from the memo are resolved, and classifies every imported
/// global against `PickleAllowlist`. Never throws on bad input: malformed or oversized streams
/// become findings (fail closed).
public enum PickleScanner {
  /// Largest abstract stack / memo the scanner keeps before giving up (as a finding).
  public static let maxStackDepth = 1_000_000
  /// Findings kept per stream; further ones are summarised.
  public static let maxFindings = 1000
  /// Longest newline-terminated argument accepted.
  static let maxLine = 1 << 20
  /// Longest string retained as a possible module/name operand.
  static let maxRetainedString: UInt64 = 256
  /// The legacy `torch.save` magic number pickle: PROTO 2, LONG1 0x1950a86a20f9469cfc6c, STOP.
  public static let legacyTorchMagic: [UInt8] = [
    0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E,
  ]

  /// Scans in-memory bytes as a pickle stream.
  public static func scan(bytes: [UInt8], file: String, maxPickles: Int = 16) -> PickleScanResult {
    scan(ByteCursor(source: MemoryByteSource(bytes), area: .pickle, file: file), maxPickles: maxPickles)
  }

  /// Scans the file at `path` (a raw pickle or a legacy torch file).
  public static func scan(path: String, label: String? = nil) throws -> PickleScanResult {
    let name = label ?? path
    let source = try FileByteSource(path: path, label: name)
    let cursor = ByteCursor(source: source, area: .pickle, file: name)
    return scan(cursor, maxPickles: try isLegacyTorch(cursor) ? 5 : 16)
  }

  /// True when the window starts with the legacy torch magic pickle. Leaves the cursor unmoved.
  static func isLegacyTorch(_ cursor: ByteCursor) throws -> Bool {
    let start = cursor.offset
    defer { try? cursor.seek(to: start) }
    guard cursor.remaining >= UInt64(legacyTorchMagic.count) else { return false }
    return try cursor.readBytes(UInt64(legacyTorchMagic.count), limit: 64) == legacyTorchMagic
  }

  /// Walks up to `maxPickles` consecutive pickles from the cursor's position. The first must be
  /// well-formed; later ones are walked only when they start with PROTO, and a later malformed
  /// one ends the walk quietly (it is usually raw tensor data).
  static func scan(_ cursor: ByteCursor, maxPickles: Int) -> PickleScanResult {
    var result = PickleScanResult()
    var walker = PickleWalker(cursor: cursor)
    while result.pickleCount < maxPickles, !cursor.atEnd {
      if result.pickleCount > 0 {
        guard let next = try? cursor.peekByte(), next == 0x80 else { break }
      }
      let completed = walker.walkOne()
      if result.pickleCount == 0 { result.firstProtocol = walker.protocolVersion }
      if completed { result.pickleCount += 1 }
      if !completed {
        if result.pickleCount > 0 { walker.findings.removeAll { $0.code == DiagnosticCode(.pickle, .malformed) } }
        break
      }
    }
    if result.pickleCount == 0, cursor.start == cursor.end {
      walker.add(.malformed, offset: cursor.start, opcode: "-", global: nil, reason: "empty pickle stream")
    }
    result.globals = walker.globals
    result.findings = walker.findings
    result.tensors = walker.tensors
    return result
  }

  /// True when `bytes` (the start of a file) begins like a pickle: PROTO 2–5, or a protocol 0/1
  /// opcode followed by a stream that walks cleanly to STOP (checked by the caller via `scan`).
  public static func hasPickleMagic(_ bytes: [UInt8]) -> Bool {
    guard let first = bytes.first else { return false }
    if first == 0x80 { return bytes.count >= 2 && (2...5).contains(bytes[1]) }
    return false
  }
}

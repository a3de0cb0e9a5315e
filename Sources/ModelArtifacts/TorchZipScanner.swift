import Diagnostics

/// Scans a `torch.save` zip archive (or an `.npz`): every `*.pkl` member is walked as a pickle in
/// place, and every `*.npy` member with an object dtype has its pickle payload walked. Compressed
/// or encrypted members of either kind cannot be checked without inflating them, so they are
/// findings (fail closed).
public enum TorchZipScanner {
  /// The scan of an archive.
  public struct Result: Sendable, Hashable, Codable {
    /// Archive members.
    public var entries: [ZipEntry]
    /// Names of the members that were scanned (or could not be) for pickles.
    public var pickleMembers: [String]
    /// Combined pickle scan (findings name `file:member`, offsets are absolute in the archive).
    public var scan: PickleScanResult
  }

  /// True for member names that hold pickles (`archive/data.pkl`, any `*.pkl`).
  public static func isPickleMember(_ name: String) -> Bool { name.hasSuffix(".pkl") }

  /// True for NumPy array members (`.npz` archives), which may carry pickles.
  public static func isNpyMember(_ name: String) -> Bool { name.hasSuffix(".npy") }

  /// Scans the archive at `path`.
  public static func scan(path: String, label: String? = nil) throws -> Result {
    let name = label ?? path
    return try scan(source: try FileByteSource(path: path, label: name), file: name)
  }

  /// Scans an in-memory archive.
  public static func scan(bytes: [UInt8], file: String) throws -> Result {
    try scan(source: MemoryByteSource(bytes), file: file)
  }

  static func scan(source: any ByteSource, file: String) throws -> Result {
    let entries = try ZipArchive.entries(source: source, file: file)
    var combined = PickleScanResult()
    var members: [String] = []
    for entry in entries where isPickleMember(entry.name) || isNpyMember(entry.name) {
      members.append(entry.name)
      let label = "\(file):\(entry.name)"
      guard entry.isReadableInPlace else {
        combined.findings.append(
          PickleFinding(
            code: DiagnosticCode(.pickle, .compressedMemberNotScanned), file: label, offset: entry.localHeaderOffset,
            opcode: "-", global: nil,
            reason: entry.flags & 1 != 0
              ? "encrypted member cannot be scanned for pickles"
              : "compressed pickle member (method \(entry.method)) not scanned"))
        continue
      }
      let result: PickleScanResult
      if isNpyMember(entry.name) {
        let cursor = ByteCursor(
          source: source, start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize,
          area: .npy, file: label)
        result = try NpyScanner.scan(cursor).scan
      } else {
        let cursor = ByteCursor(
          source: source, start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize,
          area: .pickle, file: label)
        result = PickleScanner.scan(cursor, maxPickles: 1)
      }
      if combined.pickleCount == 0 { combined.firstProtocol = result.firstProtocol }
      combined.pickleCount += result.pickleCount
      combined.globals += result.globals
      combined.findings += result.findings
      combined.tensors += result.tensors
    }
    return Result(entries: entries, pickleMembers: members, scan: combined)
  }
}

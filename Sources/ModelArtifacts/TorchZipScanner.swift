/// Scans a `torch.save` zip archive: every `*.pkl` member is walked as a pickle in place.
/// Compressed or encrypted pickle members cannot be scanned without inflating them, so they are
/// findings (fail closed).
public enum TorchZipScanner {
  /// The scan of an archive.
  public struct Result: Sendable, Hashable, Codable {
    /// Archive members.
    public var entries: [ZipEntry]
    /// Names of the members that were treated as pickles.
    public var pickleMembers: [String]
    /// Combined pickle scan (findings name `file:member`, offsets are absolute in the archive).
    public var scan: PickleScanResult
  }

  /// True for member names that hold pickles (`archive/data.pkl`, any `*.pkl`).
  public static func isPickleMember(_ name: String) -> Bool { name.hasSuffix(".pkl") }

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
    for entry in entries where isPickleMember(entry.name) {
      members.append(entry.name)
      let label = "\(file):\(entry.name)"
      guard entry.isReadableInPlace else {
        combined.findings.append(
          PickleFinding(
            code: "artifact.pickle.compressed-member-not-scanned", file: label, offset: entry.localHeaderOffset,
            opcode: "-", global: nil,
            reason: entry.flags & 1 != 0
              ? "encrypted pickle member cannot be scanned"
              : "compressed pickle member (method \(entry.method)) not scanned"))
        continue
      }
      let cursor = ByteCursor(
        source: source, start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize,
        codePrefix: "artifact.pickle", file: label)
      let result = PickleScanner.scan(cursor, maxPickles: 1)
      if combined.pickleCount == 0 { combined.firstProtocol = result.firstProtocol }
      combined.pickleCount += result.pickleCount
      combined.globals += result.globals
      combined.findings += result.findings
    }
    return Result(entries: entries, pickleMembers: members, scan: combined)
  }
}

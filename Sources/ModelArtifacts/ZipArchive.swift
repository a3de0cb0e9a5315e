import Diagnostics

/// One member of a ZIP archive, from the central directory.
public struct ZipEntry: Sendable, Hashable, Codable {
  /// Member name as stored (forward slashes).
  public var name: String
  /// Compression method (0 = stored, 8 = deflate).
  public var method: UInt16
  /// General-purpose flags (bit 0 = encrypted).
  public var flags: UInt16
  /// Size of the stored bytes.
  public var compressedSize: UInt64
  /// Size after decompression.
  public var uncompressedSize: UInt64
  /// Absolute offset of the local file header.
  public var localHeaderOffset: UInt64
  /// Absolute offset of the member's data (after the local header).
  public var dataOffset: UInt64

  /// True for stored, unencrypted members whose bytes can be read in place.
  public var isReadableInPlace: Bool { method == 0 && flags & 1 == 0 && compressedSize == uncompressedSize }
}

/// A small read-only ZIP central-directory reader (with ZIP64), enough to locate members of a
/// `torch.save` archive. It never decompresses: compressed members are reported by the caller.
enum ZipArchive {
  static let area = ArtifactArea.zip
  static let maxEntries: UInt64 = 1 << 20

  /// True when the source starts with a local file header signature `PK\x03\x04`.
  static func hasZipMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

  static func entries(source: any ByteSource, file: String) throws -> [ZipEntry] {
    let cursor = ByteCursor(source: source, area: area, file: file)
    let size = source.size
    guard size >= 22 else { throw cursor.error(.truncated, "too small for an end-of-central-directory record", at: 0) }
    // Find the end-of-central-directory record in the last 64 KiB + 22 bytes.
    let tailStart = size - min(size, 22 + 65535)
    try cursor.seek(to: tailStart)
    let tail = try cursor.readBytes(size - tailStart, limit: 22 + 65535)
    var eocd: Int? = nil
    var index = tail.count - 22
    while index >= 0 {
      if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
        eocd = index
        break
      }
      index -= 1
    }
    guard let eocdIndex = eocd else {
      throw cursor.error(.noCentralDirectory, "no end-of-central-directory record", at: tailStart)
    }
    let eocdOffset = tailStart + UInt64(eocdIndex)
    try cursor.seek(to: eocdOffset + 4)
    let disk = try cursor.read(UInt16.self)
    let cdDisk = try cursor.read(UInt16.self)
    _ = try cursor.read(UInt16.self)
    var count = UInt64(try cursor.read(UInt16.self))
    var cdSize = UInt64(try cursor.read(UInt32.self))
    var cdOffset = UInt64(try cursor.read(UInt32.self))
    if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF, eocdOffset >= 20 {
      try cursor.seek(to: eocdOffset - 20)
      if try cursor.read(UInt32.self) == 0x0706_4B50 {
        _ = try cursor.read(UInt32.self)
        let zip64Offset = try cursor.read(UInt64.self)
        try cursor.seek(to: zip64Offset)
        guard try cursor.read(UInt32.self) == 0x0606_4B50 else {
          throw cursor.error(.invalidZip64, "ZIP64 end-of-central-directory signature missing", at: zip64Offset)
        }
        try cursor.skip(8 + 2 + 2 + 4 + 4 + 8)
        count = try cursor.read(UInt64.self)
        cdSize = try cursor.read(UInt64.self)
        cdOffset = try cursor.read(UInt64.self)
      }
    }
    guard disk == 0, cdDisk == 0 else { throw cursor.error(.multiDisk, "multi-disk archives are not supported") }
    guard let cdEnd = Checked.add(cdOffset, cdSize), cdEnd <= eocdOffset else {
      throw cursor.error(.invalidCentralDirectory, "central directory lies outside the file", at: eocdOffset)
    }
    guard count <= maxEntries, count <= cdSize / 46 else {
      throw cursor.error(.tooManyEntries, "\(count) entries do not fit the central directory", at: eocdOffset)
    }
    try cursor.seek(to: cdOffset)
    var entries: [ZipEntry] = []
    var names = Set<String>()
    for _ in 0..<count {
      let entry = try centralEntry(cursor, cdEnd: cdEnd)
      guard names.insert(entry.name).inserted else {
        throw cursor.error(.duplicateMember, "member \"\(entry.name)\" appears twice", at: entry.localHeaderOffset)
      }
      entries.append(entry)
    }
    return entries
  }

  private static func centralEntry(_ cursor: ByteCursor, cdEnd: UInt64) throws -> ZipEntry {
    let at = cursor.offset
    guard try cursor.read(UInt32.self) == 0x0201_4B50 else {
      throw cursor.error(.invalidCentralDirectory, "bad central directory entry signature", at: at)
    }
    try cursor.skip(4)
    let flags = try cursor.read(UInt16.self)
    let method = try cursor.read(UInt16.self)
    try cursor.skip(8)
    var compressed = UInt64(try cursor.read(UInt32.self))
    var uncompressed = UInt64(try cursor.read(UInt32.self))
    let nameLength = UInt64(try cursor.read(UInt16.self))
    let extraLength = UInt64(try cursor.read(UInt16.self))
    let commentLength = UInt64(try cursor.read(UInt16.self))
    try cursor.skip(8)
    var local = UInt64(try cursor.read(UInt32.self))
    let nameBytes = try cursor.readBytes(nameLength, limit: 65535)
    guard let name = String(validating: nameBytes, as: UTF8.self) else {
      throw cursor.error(.invalidMemberName, "member name is not valid UTF-8", at: at)
    }
    do { try PathSafety.validate(name, file: cursor.file) } catch let error as Diagnostic {
      throw cursor.error(.unsafeMemberPath, error.summary, at: at)
    }
    let extraEnd = cursor.offset + extraLength
    while cursor.offset + 4 <= extraEnd {
      let id = try cursor.read(UInt16.self)
      let length = UInt64(try cursor.read(UInt16.self))
      let fieldEnd = cursor.offset + length
      guard fieldEnd <= extraEnd else { break }
      if id == 0x0001 {
        if uncompressed == 0xFFFF_FFFF, cursor.offset + 8 <= fieldEnd { uncompressed = try cursor.read(UInt64.self) }
        if compressed == 0xFFFF_FFFF, cursor.offset + 8 <= fieldEnd { compressed = try cursor.read(UInt64.self) }
        if local == 0xFFFF_FFFF, cursor.offset + 8 <= fieldEnd { local = try cursor.read(UInt64.self) }
      }
      try cursor.seek(to: fieldEnd)
    }
    try cursor.seek(to: extraEnd)
    try cursor.skip(commentLength)
    guard cursor.offset <= cdEnd else {
      throw cursor.error(.invalidCentralDirectory, "entry runs past the central directory", at: at)
    }
    let resume = cursor.offset
    // Resolve the data offset from the local header.
    try cursor.seek(to: local)
    guard try cursor.read(UInt32.self) == 0x0403_4B50 else {
      throw cursor.error(.invalidLocalHeader, "member \"\(name)\" has no local header", at: local)
    }
    try cursor.skip(22)
    let localName = UInt64(try cursor.read(UInt16.self))
    let localExtra = UInt64(try cursor.read(UInt16.self))
    let dataOffset = local + 30 + localName + localExtra
    guard let dataEnd = Checked.add(dataOffset, compressed), dataEnd <= cursor.source.size else {
      throw cursor.error(.memberOutOfBounds, "member \"\(name)\" data runs past the end of the file", at: local)
    }
    try cursor.seek(to: resume)
    return ZipEntry(
      name: name, method: method, flags: flags, compressedSize: compressed, uncompressedSize: uncompressed,
      localHeaderOffset: local, dataOffset: dataOffset)
  }
}

import Foundation

/// Reads small side files (MLmodel, README.md, metrics.json) with a size cap, refusing symlinks.
enum SmallFile {
  /// Largest side file read.
  static let limit = 8 << 20

  enum Failure: Error { case missing, tooLarge, unreadable }

  static func read(_ path: String) throws(Failure) -> [UInt8] {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { throw .missing }
    guard attributes[.type] as? FileAttributeType == .typeRegular else { throw .unreadable }
    guard let size = attributes[.size] as? NSNumber, size.intValue <= limit else { throw .tooLarge }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: limit + 1), data.count <= limit else { throw .tooLarge }
    return [UInt8](data)
  }
}

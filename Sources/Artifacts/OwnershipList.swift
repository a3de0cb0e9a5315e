/// The list of files Paved wrote into an output directory; only these may ever be pruned.
public struct OwnershipList: Sendable, Equatable {
  /// File name of the list inside each output scope directory.
  public static let fileName = ".paved-owned"
  static let header = "# paved-owned v1: files written by paved; do not edit"

  /// Paths relative to the scope directory, sorted.
  public var paths: [String]

  public init(paths: [String]) { self.paths = paths.sorted() }

  /// A list of paths already in order (not sorted again).
  public init(sortedPaths: [String]) { paths = sortedPaths }

  public func render() -> [UInt8] {
    Array(([Self.header] + paths).joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
  }

  /// Parses a list; nil when the header is missing (the file was not written by Paved).
  public static func parse(_ bytes: [UInt8]) -> OwnershipList? {
    let lines = OwnershipList.lines(bytes)
    guard let first = lines.first, String(decoding: first, as: UTF8.self) == header else { return nil }
    var paths: [String] = []
    paths.reserveCapacity(lines.count - 1)
    for line in lines.dropFirst() {
      guard line.first != UInt8(ascii: "/") else { continue }
      let path = String(decoding: line, as: UTF8.self)
      if path == ".." || path.hasPrefix("../") || path.hasSuffix("/..") || path.contains("/../") { continue }
      paths.append(path)
    }
    return OwnershipList(paths: paths)
  }
}

extension OwnershipList {
  /// The non-empty lines of `bytes`, split on bytes: the bookkeeping files of a big tree have hundreds
  /// of thousands of lines, and splitting them as Characters costs seconds.
  public static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    lines.reserveCapacity(bytes.count / 64)
    var start = 0
    for i in bytes.indices where bytes[i] == 0x0A {
      if i > start { lines.append(bytes[start..<i]) }
      start = i + 1
    }
    if start < bytes.count { lines.append(bytes[start...]) }
    return lines
  }
}

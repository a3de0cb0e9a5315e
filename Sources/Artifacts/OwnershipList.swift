/// The list of files Paved wrote into an output directory; only these may ever be pruned.
public struct OwnershipList: Sendable, Equatable {
  /// File name of the list inside each output scope directory.
  public static let fileName = ".paved-owned"
  static let header = "# paved-owned v1: files written by paved; do not edit"

  /// Paths relative to the scope directory, sorted.
  public var paths: [String]

  public init(paths: [String]) { self.paths = paths.sorted() }

  public func render() -> [UInt8] {
    Array(([Self.header] + paths).joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
  }

  /// Parses a list; nil when the header is missing (the file was not written by Paved).
  public static func parse(_ bytes: [UInt8]) -> OwnershipList? {
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    guard lines.first == header else { return nil }
    let paths = lines.dropFirst().filter { !$0.isEmpty && !$0.hasPrefix("/") && !$0.split(separator: "/").contains("..") }
    return OwnershipList(paths: paths)
  }
}

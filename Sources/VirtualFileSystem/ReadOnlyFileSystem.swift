/// A read-only tree of files addressed by relative, `/`-separated paths.
///
/// The working tree, a git revision and an in-memory fixture all implement this,
/// so "compile the base revision" is the ordinary pipeline over another tree.
public protocol ReadOnlyFileSystem: Sendable {
  /// Human-readable name of the tree, used in diagnostics (e.g. "working tree", "revision 1a2b3c4").
  var displayName: String { get }
  /// The bytes of the file at `path`, refusing files larger than `limit` bytes.
  func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8]
  /// What is at `path`, or nil when nothing is.
  func entryKind(_ path: String) -> FileEntryKind?
  /// Names (not paths) of the entries directly under the directory at `path`, sorted.
  func listDirectory(_ path: String) throws(FileSystemError) -> [String]
}

/// The kind of an entry in a file tree.
public enum FileEntryKind: Sendable, Equatable {
  case file
  case directory
  case symlink
}

/// Why a file tree could not give what was asked.
public enum FileSystemError: Error, Sendable, Equatable {
  case notFound(path: String)
  case notAFile(path: String)
  case notADirectory(path: String)
  case tooLarge(path: String, size: Int, limit: Int)
  case invalidPath(path: String, reason: String)
  case io(path: String, message: String)

  /// One-line explanation for users.
  public var message: String {
    switch self {
    case .notFound(let path): return "\(path): no such file"
    case .notAFile(let path): return "\(path): not a regular file"
    case .notADirectory(let path): return "\(path): not a directory"
    case .tooLarge(let path, let size, let limit):
      return "\(path): file is \(size) bytes, over the limit of \(limit) bytes"
    case .invalidPath(let path, let reason): return "\(path): invalid path (\(reason))"
    case .io(let path, let message): return "\(path): \(message)"
    }
  }
}

extension ReadOnlyFileSystem {
  /// True when a regular file exists at `path`.
  public func isFile(_ path: String) -> Bool { entryKind(path) == .file }
}

/// Path helpers shared by every file tree.
public enum TreePath {
  /// Normalises a relative path: removes `.` and empty components; rejects `..`, absolute paths and NUL.
  public static func normalize(_ path: String) throws(FileSystemError) -> String {
    if path.hasPrefix("/") { throw .invalidPath(path: path, reason: "absolute paths are not allowed") }
    if path.utf8.contains(0) { throw .invalidPath(path: path, reason: "contains a NUL byte") }
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." { throw .invalidPath(path: path, reason: "'..' is not allowed") }
      parts.append(part)
    }
    return parts.joined(separator: "/")
  }

  /// The directory part of a path ("" for a top-level name).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }

  /// Joins two relative paths.
  public static func join(_ base: String, _ name: String) -> String {
    if base.isEmpty { return name }
    if name.isEmpty { return base }
    return base + "/" + name
  }
}

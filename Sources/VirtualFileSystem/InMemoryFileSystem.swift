/// A file tree held in memory; the test double for the working tree and for git revisions.
public struct InMemoryFileSystem: ReadOnlyFileSystem {
  public let displayName: String
  private let files: [String: [UInt8]]
  private let directories: Set<String>

  /// Creates a tree from relative paths to contents.
  public init(displayName: String = "in-memory tree", files: [String: [UInt8]]) {
    self.displayName = displayName
    var normalized: [String: [UInt8]] = [:]
    var dirs: Set<String> = [""]
    for (path, bytes) in files {
      guard let clean = try? TreePath.normalize(path) else { continue }
      normalized[clean] = bytes
      var dir = TreePath.directory(of: clean)
      while !dir.isEmpty, dirs.insert(dir).inserted { dir = TreePath.directory(of: dir) }
    }
    self.files = normalized
    self.directories = dirs
  }

  /// Creates a tree from relative paths to UTF-8 text.
  public init(displayName: String = "in-memory tree", text: [String: String]) {
    self.init(displayName: displayName, files: text.mapValues { Array($0.utf8) })
  }

  public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
    let clean = try TreePath.normalize(path)
    guard let bytes = files[clean] else {
      if directories.contains(clean) { throw .notAFile(path: path) }
      throw .notFound(path: path)
    }
    if bytes.count > limit { throw .tooLarge(path: path, size: bytes.count, limit: limit) }
    return bytes
  }

  public func entryKind(_ path: String) -> FileEntryKind? {
    guard let clean = try? TreePath.normalize(path) else { return nil }
    if files[clean] != nil { return .file }
    if directories.contains(clean) { return .directory }
    return nil
  }

  public func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
    let clean = try TreePath.normalize(path)
    guard directories.contains(clean) else { throw .notADirectory(path: path) }
    let prefix = clean.isEmpty ? "" : clean + "/"
    var names: Set<String> = []
    for key in files.keys where key.hasPrefix(prefix) {
      let rest = key.dropFirst(prefix.count)
      names.insert(String(rest.split(separator: "/", maxSplits: 1)[0]))
    }
    return names.sorted()
  }
}

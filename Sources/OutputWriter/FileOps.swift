import CSupport
import Dispatch
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX helpers used only by `TreeWriter`; errors carry the path and the system message.
enum FileOps {
  static func errorMessage() -> String { String(cString: strerror(errno)) }

  static func exists(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0
  }

  /// The inode of `path` (not following a final symlink), or nil when it does not exist.
  static func inode(_ path: String) -> UInt64? {
    var st = stat()
    return lstat(path, &st) == 0 ? UInt64(st.st_ino) : nil
  }

  static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }

  static func makeDirectories(_ path: String) throws(WriteError) {
    if path.isEmpty || isDirectory(path) { return }
    let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    if !parent.isEmpty && parent != path { try makeDirectories(parent) }
    if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .io(path: path, message: errorMessage()) }
  }

  static func writeFile(_ path: String, _ bytes: [UInt8]) throws(WriteError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    if fd < 0 { throw .io(path: path, message: errorMessage()) }
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { raw in raw.baseAddress.map { write(fd, $0 + done, bytes.count - done) } ?? 0 }
      if n < 0 {
        if errno == EINTR { continue }
        throw .io(path: path, message: errorMessage())
      }
      done += n
    }
  }

  static func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    if fd < 0 { return nil }
    defer { close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      out.append(contentsOf: buffer[0..<n])
    }
    return out
  }

  /// Relative paths of every non-directory entry under `root` (symlinks included, not followed) that
  /// `keep` accepts (the others are never collected: listings of 100,000 files are filtered as read).
  static func listFiles(_ root: String, prefix: String = "", where keep: (String) -> Bool = { _ in true }) -> [String] {
    guard let dir = opendir(root) else { return [] }
    defer { closedir(dir) }
    var out: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      let full = root + "/" + name
      let rel = prefix.isEmpty ? name : prefix + "/" + name
      // The entry's type saves a stat per file; only an unknown type needs one.
      let type = Int(entry.pointee.d_type)
      let directory = type == Int(DT_DIR) || (type == Int(DT_UNKNOWN) && isDirectory(full))
      if directory { out += listFiles(full, prefix: rel, where: keep) } else if keep(rel) { out.append(rel) }
    }
    return out
  }

  /// Removes a file or a directory tree; missing paths are fine.
  static func removeTree(_ path: String) throws(WriteError) {
    var st = stat()
    guard lstat(path, &st) == 0 else { return }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      try removeContents(path)
      if rmdir(path) != 0 { throw .io(path: path, message: errorMessage()) }
    } else if unlink(path) != 0 {
      throw .io(path: path, message: errorMessage())
    }
  }

  /// Removes everything inside directory `path`, telling files from directories by the
  /// directory entry's type (one system call per file, not three).
  private static func removeContents(_ path: String) throws(WriteError) {
    guard let dir = opendir(path) else { throw .io(path: path, message: errorMessage()) }
    var entries: [(name: String, type: UInt8)] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { entries.append((name, entry.pointee.d_type)) }
    }
    closedir(dir)
    for (name, type) in entries {
      let child = path + "/" + name
      switch Int(type) {
      case Int(DT_DIR):
        try removeContents(child)
        if rmdir(child) != 0 { throw .io(path: child, message: errorMessage()) }
      case Int(DT_UNKNOWN):
        try removeTree(child)
      default:
        if unlink(child) != 0 && errno != ENOENT { throw .io(path: child, message: errorMessage()) }
      }
    }
  }

  /// Removes several trees on all cores: every directory two levels down (an environment's
  /// `tenants/<name>`) is one unit of work, then what is left. The first error wins.
  static func removeTrees(_ paths: [String]) throws(WriteError) {
    var units: [String] = []
    for path in paths where isDirectory(path) {
      for child in listDirectories(path) { units += listDirectories(child) }
    }
    if units.count > 1 {
      let units = units
      final class FirstError: @unchecked Sendable {
        var error: WriteError?
        let lock = Lock()
      }
      let failure = FirstError()
      DispatchQueue.concurrentPerform(iterations: units.count) { i in
        do throws(WriteError) { try removeTree(units[i]) } catch { failure.lock.withLock { if failure.error == nil { failure.error = error } } }
      }
      if let error = failure.error { throw error }
    }
    for path in paths { try removeTree(path) }
  }

  /// The subdirectories of `path` (full paths).
  private static func listDirectories(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var out: [String] = []
    while let entry = readdir(dir) {
      guard Int(entry.pointee.d_type) == Int(DT_DIR) else { continue }
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { out.append(path + "/" + name) }
    }
    return out
  }

  /// Flushes the written files under `path` (its whole filesystem) to stable storage.
  static func syncFilesystem(_ path: String) throws(WriteError) {
    guard paved_sync_filesystem(path) == 0 else { throw .io(path: path, message: "flushing to disk: " + errorMessage()) }
  }

  /// Flushes one file's contents to stable storage.
  static func fsyncFile(_ path: String) throws(WriteError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, message: errorMessage()) }
    defer { close(fd) }
    if fsync(fd) != 0 { throw .io(path: path, message: "flushing to disk: " + errorMessage()) }
  }

  /// Removes a file; one that does not exist is no error.
  static func removeFile(_ path: String) throws(WriteError) {
    if unlink(path) != 0 && errno != ENOENT { throw .io(path: path, message: errorMessage()) }
  }

  /// Makes renames inside directory `path` durable.
  static func fsyncDirectory(_ path: String) throws(WriteError) {
    guard paved_fsync_directory(path) == 0 else { throw .io(path: path, message: "flushing to disk: " + errorMessage()) }
  }

  /// Swaps two existing paths atomically where the system can; otherwise two renames.
  static func exchange(_ a: String, _ b: String) throws(WriteError) {
    if paved_rename_exchange(a, b) == 0 { return }
    // Fallback (non-Linux): move b aside, move a into place, move old b to a.
    let aside = b + ".paved-aside"
    guard rename(b, aside) == 0 else { throw .io(path: b, message: errorMessage()) }
    guard rename(a, b) == 0 else { throw .io(path: a, message: errorMessage()) }
    guard rename(aside, a) == 0 else { throw .io(path: aside, message: errorMessage()) }
  }
}

/// Why output could not be written. Nothing is half-written in any of these cases but `notFlushed`
/// (the new tree is in place) and `partlyReplaced` (some scopes are new, each one whole).
public enum WriteError: Error, Sendable, Equatable {
  case io(path: String, message: String)
  case locked(path: String)
  case foreignFile(path: String)
  /// Writing would prune more owned files than allowed; `paths` are relative to the writer's root.
  case tooManyDeletions(paths: [String], limit: Int)
  /// The new tree is in place, but flushing the swap to disk failed.
  case notFlushed(path: String, message: String)
  /// Swapping `failed` in failed and swapping `replaced` back failed too: those scopes hold the new
  /// tree, every other scope the old one (each scope directory is whole either way).
  case partlyReplaced(replaced: [String], failed: String, message: String)

  public var message: String {
    switch self {
    case .io(let path, let message): return "\(path): \(message)"
    case .locked(let path): return "another paved process is writing this output (lock held on \(path)); try again when it has finished"
    case .foreignFile(let path): return "refusing to overwrite \(path): paved did not write it (it is not in the ownership list); move or delete it"
    case .tooManyDeletions(let paths, let limit):
      return "refusing to delete \(paths.count) files, over the deletion budget of \(limit); nothing was written"
    case .notFlushed(let path, let message): return "\(path): \(message)"
    case .partlyReplaced(let replaced, let failed, let message):
      return "replacing \(failed)/ failed (\(message)) and \(replaced.map { $0 + "/" }.joined(separator: ", ")) could not be restored"
    }
  }
}

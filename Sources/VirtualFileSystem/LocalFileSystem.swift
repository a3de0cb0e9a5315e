#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The working tree: a directory on disk, read without following symlinks out of it.
public struct LocalFileSystem: ReadOnlyFileSystem {
  /// Absolute or cwd-relative path of the root directory.
  public let root: String
  public let displayName: String

  public init(root: String, displayName: String = "working tree") {
    self.root = root.isEmpty ? "." : root
    self.displayName = displayName
  }

  private func absolute(_ clean: String) -> String {
    clean.isEmpty ? root : root + "/" + clean
  }

  public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
    let clean = try TreePath.normalize(path)
    let full = absolute(clean)
    let fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    if fd < 0 {
      let code = errno
      if code == ENOENT { throw .notFound(path: path) }
      if code == ELOOP { throw .notAFile(path: path) }
      throw .io(path: path, message: String(cString: strerror(code)))
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
    guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notAFile(path: path) }
    let size = Int(st.st_size)
    if size > limit { throw .tooLarge(path: path, size: size, limit: limit) }
    var buffer = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
      let n = buffer.withUnsafeMutableBytes { raw in
        raw.baseAddress.map { read(fd, $0 + done, size - done) } ?? 0
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw .io(path: path, message: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      done += n
    }
    if done < size { buffer.removeLast(size - done) }
    return buffer
  }

  public func entryKind(_ path: String) -> FileEntryKind? {
    guard let clean = try? TreePath.normalize(path) else { return nil }
    var st = stat()
    guard lstat(absolute(clean), &st) == 0 else { return nil }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK: return .symlink
    default: return nil
    }
  }

  public func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
    let clean = try TreePath.normalize(path)
    guard let dir = opendir(absolute(clean)) else {
      if errno == ENOENT { throw .notFound(path: path) }
      throw .notADirectory(path: path)
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      names.append(name)
    }
    return names.sorted()
  }
}

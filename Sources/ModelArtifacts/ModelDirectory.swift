import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The regular files of a model directory, as model-signing sees them: relative POSIX names,
/// ignored paths dropped by path-component prefix, symlinks and special files reported (never
/// followed), ordered by path components.
public struct ModelDirectory: Sendable, Hashable {
  /// Paths ignored by default (model-signing's defaults).
  public static let defaultIgnorePaths = [".git", ".github", ".gitattributes", ".gitignore"]
  /// Most files accepted in one model directory.
  public static let maxFiles = 1_000_000
  /// Deepest directory nesting accepted.
  public static let maxDepth = 64

  /// The directory that was walked.
  public var root: String
  /// Regular files, relative, ordered by `componentOrder`.
  public var files: [String]
  /// Symlinks found (relative); not followed and not hashed.
  public var symlinks: [String]
  /// Other entries that are neither files, directories nor symlinks (FIFOs, sockets, devices).
  public var specialFiles: [String]

  /// Walks `root`. `ignorePaths` are relative paths matched by component prefix.
  public static func walk(root: String, ignorePaths: [String] = defaultIgnorePaths) throws -> ModelDirectory {
    let ignored = ignorePaths.map { $0.split(separator: "/").map(String.init) }
    var result = ModelDirectory(root: root, files: [], symlinks: [], specialFiles: [])
    var pending: [(relative: [String], depth: Int)] = [([], 0)]
    while let (relative, depth) = pending.popLast() {
      let directory = ([root] + relative).joined(separator: "/")
      for name in try list(directory, label: relative.isEmpty ? "." : relative.joined(separator: "/")) {
        let components = relative + [name]
        if ignored.contains(where: { !$0.isEmpty && components.starts(with: $0) }) { continue }
        let path = components.joined(separator: "/")
        var info = stat()
        guard lstat(directory + "/" + name, &info) == 0 else {
          throw Diagnostic.artifact(.file, .unreadable, "cannot stat", file: path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: result.files.append(path)
        case S_IFLNK: result.symlinks.append(path)
        case S_IFDIR:
          guard depth + 1 < maxDepth else {
            throw Diagnostic.artifact(.directory, .tooDeep, "nesting exceeds \(maxDepth)", file: path)
          }
          pending.append((components, depth + 1))
        default: result.specialFiles.append(path)
        }
        guard result.files.count <= maxFiles else {
          throw Diagnostic.artifact(.directory, .tooManyFiles, "more than \(maxFiles) files", file: root)
        }
      }
    }
    result.files.sort(by: componentOrder)
    result.symlinks.sort(by: componentOrder)
    result.specialFiles.sort(by: componentOrder)
    return result
  }

  /// model-signing's resource order: compare path components one by one, each by Unicode code
  /// points, so `a/b` < `a-b/x` < `a.txt`.
  public static func componentOrder(_ lhs: String, _ rhs: String) -> Bool {
    let a = lhs.split(separator: "/", omittingEmptySubsequences: false)
    let b = rhs.split(separator: "/", omittingEmptySubsequences: false)
    for (x, y) in zip(a, b) where x != y {
      return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
    }
    return a.count < b.count
  }

  private static func list(_ directory: String, label: String) throws -> [String] {
    guard let handle = opendir(directory) else {
      throw Diagnostic.artifact(
        .file, .unreadable, "cannot list directory: \(String(cString: strerror(errno)))",
        file: label)
    }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      names.append(name)
    }
    return names
  }
}

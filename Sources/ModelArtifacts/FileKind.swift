#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The kind of a path, from `lstat` (symlinks are never followed).
public enum FileKind: Sendable, Hashable {
  case regular, directory, symlink, other, missing

  /// Classifies `path` without following a final symlink.
  public static func of(_ path: String) -> FileKind {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    case S_IFLNK: return .symlink
    default: return .other
    }
  }
}

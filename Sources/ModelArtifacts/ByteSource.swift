import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Random-access, read-only bytes: an open file (read with `pread`) or an in-memory array.
/// Nothing is ever read unless a reader asks for that range.
protocol ByteSource: AnyObject {
  /// Total size in bytes.
  var size: UInt64 { get }
  /// Copies up to `buffer.count` bytes starting at `offset`; returns how many were copied
  /// (fewer only at end of data).
  func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// An in-memory byte source (tests, nested messages).
final class MemoryByteSource: ByteSource {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  var size: UInt64 { UInt64(bytes.count) }

  func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard offset < size, let start = Checked.int(offset) else { return 0 }
    let count = min(buffer.count, bytes.count - start)
    bytes.withUnsafeBytes { source in
      guard let base = source.baseAddress, let target = buffer.baseAddress else { return }
      target.copyMemory(from: base + start, byteCount: count)
    }
    return count
  }
}

/// A regular file opened read-only without following a symlink in its last component.
/// The descriptor is closed in `deinit`.
final class FileByteSource: ByteSource {
  let descriptor: Int32
  let size: UInt64
  let label: String

  /// Opens `path`; `label` is the name used in errors (usually the relative path).
  init(path: String, label: String) throws {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else {
      let err = errno
      if err == ELOOP {
        throw Diagnostic.artifact(
          .file, .symlink, "is a symbolic link; symlinks are reported, not followed",
          file: label)
      }
      throw Diagnostic.artifact(.file, .unreadable, "cannot open: \(String(cString: strerror(err)))", file: label)
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let err = errno
      close(fd)
      throw Diagnostic.artifact(.file, .unreadable, "cannot stat: \(String(cString: strerror(err)))", file: label)
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw Diagnostic.artifact(.file, .notRegular, "is not a regular file", file: label)
    }
    descriptor = fd
    size = UInt64(max(0, Int64(info.st_size)))
    self.label = label
  }

  deinit { close(descriptor) }

  func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, offset < size, offset <= UInt64(Int64.max) else { return 0 }
    var total = 0
    while total < buffer.count {
      let (sum, overflow) = Int64(offset).addingReportingOverflow(Int64(total))
      guard !overflow else { break }
      let position = off_t(sum)
      let n = pread(descriptor, base + total, buffer.count - total, position)
      if n < 0 {
        if errno == EINTR { continue }
        throw Diagnostic.artifact(
          .file, .readFailed, String(cString: strerror(errno)), file: label,
          offset: UInt64(position))
      }
      if n == 0 { break }
      total += n
    }
    return total
  }
}

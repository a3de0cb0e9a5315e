import Hashing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which renderer made a commit: `sha256:` of the running executable's bytes.
///
/// `apply --commit-to` reuses what its own earlier commit rendered only when that commit was made by
/// the same renderer (`Paved-Renderer` trailer): a version string could be stale in a development
/// build, the executable's bytes cannot. Nil when the executable cannot be read (nothing is reused).
enum RendererIdentity {
  static let current: String? = compute()

  private static func compute() -> String? {
    #if os(Linux)
    let fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    let hasher = SHA256Hasher()
    let size = 1 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let n = read(fd, buffer.baseAddress, size)
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if n == 0 { break }
      hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
    }
    return "sha256:" + SHA256.hex(hasher.finalize())
    #else
    return nil
    #endif
  }
}

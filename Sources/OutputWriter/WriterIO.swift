#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations of the tree writer that can fail half-way: writing a file, and swapping a
/// scope in (exchanging it with the old tree, or renaming a new one into place). Production uses
/// `system`; tests inject faults through this seam (`@_spi(Testing)`: a file that cannot be
/// written, a swap that fails, a process that dies between two swaps) by setting `TreeWriter.io`
/// or `ApplyRun.Request.writerIO`, which are `@_spi(Testing)`; no production type carries a test hook.
public struct WriterIO: Sendable {
  public var writeFile: @Sendable (_ path: String, _ bytes: [UInt8]) throws(WriteError) -> Void
  public var exchange: @Sendable (_ a: String, _ b: String) throws(WriteError) -> Void
  public var rename: @Sendable (_ from: String, _ to: String) throws(WriteError) -> Void

  public init(
    writeFile: @escaping @Sendable (_ path: String, _ bytes: [UInt8]) throws(WriteError) -> Void,
    exchange: @escaping @Sendable (_ a: String, _ b: String) throws(WriteError) -> Void,
    rename: @escaping @Sendable (_ from: String, _ to: String) throws(WriteError) -> Void
  ) {
    self.writeFile = writeFile
    self.exchange = exchange
    self.rename = rename
  }

  /// The real operations.
  public static let system = WriterIO(
    writeFile: { path, bytes throws(WriteError) in try FileOps.writeFile(path, bytes) },
    exchange: { a, b throws(WriteError) in try FileOps.exchange(a, b) },
    rename: { from, to throws(WriteError) in
      if Glibc.rename(from, to) != 0 { throw .io(path: to, message: FileOps.errorMessage()) }
    })
}

import Dispatch
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TreeWriter {
  /// Writes files on all cores; the first error wins.
  static func writeParallel(_ files: [(path: String, contents: [UInt8])], io: WriterIO) throws(WriteError) {
    let workers = max(1, min(4, files.count / 256))
    final class FirstError: @unchecked Sendable {
      var error: WriteError?
      let lock = Lock()
    }
    let failure = FirstError()
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var i = worker
      while i < files.count {
        do throws(WriteError) {
          try io.writeFile(files[i].path, files[i].contents)
        } catch {
          failure.lock.withLock { if failure.error == nil { failure.error = error } }
          return
        }
        i += workers
      }
    }
    if let error = failure.error { throw error }
  }
}

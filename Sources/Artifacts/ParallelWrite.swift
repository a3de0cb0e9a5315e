import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension TreeWriter {
  /// Writes files on all cores; the first error wins.
  static func writeParallel(_ files: [(path: String, contents: [UInt8])]) throws(WriteError) {
    let workers = max(1, min(4, files.count / 256))
    final class FirstError: @unchecked Sendable {
      var error: WriteError?
      let lock = PthreadMutex()
    }
    let failure = FirstError()
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var i = worker
      while i < files.count {
        do throws(WriteError) {
          try FileOps.writeFile(files[i].path, files[i].contents)
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

/// A pthread mutex, so the writer and the emission work items need no Foundation.
public final class PthreadMutex: @unchecked Sendable {
  // On the heap: the address of a stored property is not guaranteed stable in Swift.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  public init() {
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }
  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }
  public func withLock<T>(_ body: () throws -> T) rethrows -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }
}

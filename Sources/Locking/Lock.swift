#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one mutex of the code base: a pthread mutex on the heap (Swift does not promise a stored
/// property a stable address, which a pthread mutex needs), with no Foundation.
public final class Lock: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  public init() {
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  public func lock() { pthread_mutex_lock(mutex) }
  public func unlock() { pthread_mutex_unlock(mutex) }

  /// Runs `body` holding the lock.
  public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Waits on `condition`, releasing the lock meanwhile (hold it when calling).
  public func wait(_ condition: Condition) { pthread_cond_wait(condition.raw, mutex) }
}

/// A condition variable, used with a `Lock`.
public final class Condition: @unchecked Sendable {
  let raw: UnsafeMutablePointer<pthread_cond_t>

  public init() {
    raw = .allocate(capacity: 1)
    pthread_cond_init(raw, nil)
  }

  deinit {
    pthread_cond_destroy(raw)
    raw.deallocate()
  }

  /// Wakes every thread waiting on it.
  public func broadcast() { pthread_cond_broadcast(raw) }
}

/// A thread of its own, detached: for work that must not wait behind a Dispatch pool whose workers
/// wait for it. When no thread can be started, `body` runs on the caller's.
public func detachThread(_ body: @escaping @Sendable () -> Void) {
  final class Box {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
  let context = Unmanaged.passRetained(Box(body)).toOpaque()
  var thread = pthread_t()
  let started = pthread_create(
    &thread, nil,
    { raw in
      guard let raw else { return nil }
      Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
      return nil
    }, context)
  if started == 0 {
    pthread_detach(thread)
  } else {
    Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
  }
}

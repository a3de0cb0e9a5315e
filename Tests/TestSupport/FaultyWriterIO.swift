import Foundation
import OutputWriter

#if canImport(Glibc)
import Glibc
#endif

/// The tree writer's file operations with a fault injected: what the writer must survive (a write
/// that fails half-way, a swap that fails, a rollback that fails, a process that dies between two swaps).
public enum FaultyWriterIO {
  /// The fault's message.
  public static let message = "injected fault"

  /// Writes `files` files, then fails every write.
  public static func failing(afterFiles files: Int) -> WriterIO {
    let count = Counter()
    var io = WriterIO.system
    io.writeFile = { path, bytes throws(WriteError) in
      guard count.next() < files else { throw .io(path: path, message: message) }
      try WriterIO.system.writeFile(path, bytes)
    }
    return io
  }

  /// The swap with this index fails (swaps in and back are counted alike, from 0); with
  /// `rollbackToo`, every later one fails as well.
  public static func failingSwap(at index: Int, rollbackToo: Bool = false) -> WriterIO {
    let count = Counter()
    let fails = { @Sendable (target: String) throws(WriteError) in
      let n = count.next()
      if n == index || (rollbackToo && n > index) { throw .io(path: target, message: message) }
    }
    var io = WriterIO.system
    io.exchange = { a, b throws(WriteError) in
      try fails(b)
      try WriterIO.system.exchange(a, b)
    }
    io.rename = { from, to throws(WriteError) in
      try fails(to)
      try WriterIO.system.rename(from, to)
    }
    return io
  }

  /// Ends the process (status 0) at the swap with this index, before it is made, as a crash would:
  /// for a forked child.
  public static func exiting(atSwap index: Int) -> WriterIO {
    let count = Counter()
    var io = WriterIO.system
    io.exchange = { a, b throws(WriteError) in
      if count.next() == index { _exit(0) }
      try WriterIO.system.exchange(a, b)
    }
    io.rename = { from, to throws(WriteError) in
      if count.next() == index { _exit(0) }
      try WriterIO.system.rename(from, to)
    }
    return io
  }

  private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The count before this call.
    func next() -> Int {
      lock.lock()
      defer { lock.unlock() }
      value += 1
      return value - 1
    }
  }
}

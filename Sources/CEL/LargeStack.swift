import Foundation

/// Runs deeply recursive work (parsing and compiling large expressions) on a thread with a big
/// stack, so the depth limits hold even on small-stack threads and in unoptimized builds.
enum LargeStack {
  /// Stack size of the helper thread.
  static let stackSize = 16 << 20
  /// Sources shorter than this are processed inline: they cannot nest deeply enough to matter.
  /// The main thread (8 MiB stack) always compiles inline.
  static let inlineThreshold = 48

  private final class Box<T>: @unchecked Sendable {
    var value: T?
  }

  static func run<T>(_ body: @escaping @Sendable () -> T) -> T? {
    let box = Box<T>()
    let semaphore = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.value = body()
      semaphore.signal()
    }
    thread.stackSize = stackSize
    thread.start()
    semaphore.wait()
    return box.value
  }
}

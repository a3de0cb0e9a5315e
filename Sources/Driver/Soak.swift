import Dispatch
import GitRevisions
import Locking
import SpecSyntax

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long a candidate has been pinned in an environment, from git history: the commit on the
/// first-parent history of a revision that set the environment's pin to the candidate, i.e. the
/// oldest commit of the latest unbroken stretch of changes to the file in which the pin was it.
/// Only the file's versions are read, newest first, and the walk stops at the first that pins
/// something else: a pin that went back and forth counts from its latest arrival.
public enum Soak {
  /// The commit that set the pin, or nil when the file at `revision` does not pin `candidate`.
  ///
  /// The walk (commits and tree entries, no file read) runs on one thread and hands the versions'
  /// blob ids over in batches; scanners, one per core and each with its own repository handle, read
  /// and scan batches in parallel. The answer is the same as reading them one by one newest first:
  /// the oldest version of the unbroken run of versions that pin the candidate. Once a version that
  /// does not is found, the walk (at its next batch) and the scans past it stop. Batches keep the
  /// lock and the wake-ups to a few hundred for ten thousand versions: handing over one version at a
  /// time cost more in futex calls than the scans themselves.
  static func start(
    repository: Repository, file: String, model: String, candidate: PromotionEdit.Pin, revision: String
  ) throws(GitError) -> CommitInfo? {
    let cores = max(1, min(4, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    // The walk takes a core and holds `repository`'s lock for its whole length, so the scanners, one
    // per other core (at least one), read through handles of their own.
    let opened = (1..<max(2, cores)).compactMap { _ in try? Repository(discoveringFrom: repository.gitDirectory) }
    let readers = opened.isEmpty ? [repository] : opened
    let shared = Handoff()
    // The walk gets a thread of its own: on Dispatch's pool it could wait behind the scanners,
    // which wait for it.
    let walked = DispatchSemaphore(value: 0)
    detachThread {
      defer { walked.signal() }
      var batch: [(commit: ObjectID, blob: ObjectID?)] = []
      batch.reserveCapacity(Handoff.walkBatch)
      var failure: GitError?
      do throws(GitError) {
        try repository.changedBlobs(of: file, from: revision, firstParentOnly: true) { commit, blob in
          batch.append((commit, blob))
          guard batch.count == Handoff.walkBatch else { return true }
          defer { batch.removeAll(keepingCapacity: true) }
          return shared.publish(batch, done: false)
        }
      } catch {
        failure = error
      }
      shared.lock.withLock { shared.walkError = failure }
      _ = shared.publish(batch, done: true)
    }
    DispatchQueue.concurrentPerform(iterations: readers.count) { worker in
      let reader = readers[worker]
      while let (first, ids) = shared.take() {
        var mismatch: Int?
        for (offset, id) in ids.enumerated() {
          let index = first + offset
          let matches = id.flatMap { reader.blob($0) }.map { pin(model, in: $0) == candidate } ?? false
          if !matches {
            mismatch = index
            break
          }
        }
        if let mismatch { shared.lock.withLock { shared.firstMismatch = min(shared.firstMismatch, mismatch) } }
      }
    }
    walked.wait()
    if let error = shared.walkError { throw error }
    // The run is every version before the first that does not pin the candidate; the scanners have
    // scanned all of those.
    let end = min(shared.firstMismatch, shared.commits.count)
    return end == 0 ? nil : try repository.commit(shared.commits[end - 1])
  }

  /// The walk's versions, newest first, and how far the scanners have got; guarded by `lock`.
  private final class Handoff: @unchecked Sendable {
    static let walkBatch = 64
    static let scanBatch = 16
    let lock = Lock()
    let arrived = Condition()
    var commits: [ObjectID] = []
    var blobs: [ObjectID?] = []
    var walkDone = false
    var walkError: GitError?
    var next = 0
    /// The newest version known not to pin the candidate.
    var firstMismatch = Int.max
    private var waiting = 0

    init() {
      commits.reserveCapacity(1024)
      blobs.reserveCapacity(1024)
    }

    /// Appends a batch; whether the walk should go on.
    func publish(_ batch: [(commit: ObjectID, blob: ObjectID?)], done: Bool) -> Bool {
      lock.lock()
      defer { lock.unlock() }
      for entry in batch {
        commits.append(entry.commit)
        blobs.append(entry.blob)
      }
      walkDone = done
      if waiting > 0 { arrived.broadcast() }
      return commits.count <= firstMismatch
    }

    /// The next versions to scan (the index of the first, and their blob ids, copied under the
    /// lock), or nil when there are none left worth scanning.
    func take() -> (first: Int, ids: [ObjectID?])? {
      lock.lock()
      defer { lock.unlock() }
      while next >= blobs.count && !walkDone {
        waiting += 1
        lock.wait(arrived)
        waiting -= 1
      }
      guard next < blobs.count, next < firstMismatch else { return nil }
      let range = next..<min(blobs.count, next + Handoff.scanBatch)
      next = range.upperBound
      return (range.lowerBound, Array(blobs[range]))
    }
  }

  /// The stable pin of `model` in an environment file's bytes (nil when the file does not pin it, or
  /// is not one Paved would read). Read with `PathScan`, without a tree: the walk may read thousands
  /// of versions; `SoakTests` holds it to the full loader and decoder on every example.
  static func pin(_ model: String, in bytes: [UInt8]) -> PromotionEdit.Pin? {
    guard let values = PathScan.scalars(bytes, at: ["spec", "models", model]),
      let version = values["version"], let artifact = values["artifact"], let digest = values["digest"]
    else { return nil }
    return PromotionEdit.Pin(version: version, artifact: artifact, digest: digest)
  }

  /// `2026-12-05 10:00 UTC`.
  public static func describe(time seconds: Int64) -> String {
    var t = time_t(seconds)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` (UTC) in seconds since 1970, or nil.
  public static func parseTime(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
      bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
    else { return nil }
    func number(_ range: Range<Int>) -> Int32? {
      var n: Int32 = 0
      for b in bytes[range] {
        guard b >= 48 && b <= 57 else { return nil }
        n = n * 10 + Int32(b - 48)
      }
      return n
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
      let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
      second < 61
    else { return nil }
    var parts = tm()
    parts.tm_year = year - 1900
    parts.tm_mon = month - 1
    parts.tm_mday = day
    parts.tm_hour = hour
    parts.tm_min = minute
    parts.tm_sec = second
    return Int64(timegm(&parts))
  }

  /// `3d 4h`, `5h 20m`, `12m`: a duration for people.
  public static func describe(seconds: Int64) -> String {
    let s = max(0, seconds)
    let days = s / 86_400
    let hours = (s % 86_400) / 3600
    let minutes = (s % 3600) / 60
    if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
    if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
    return "\(minutes)m"
  }
}

import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place that writes output. Each scope directory (e.g. `prod/`) is built aside and then
/// swapped in atomically, so a crash at any point leaves the old tree or the new one, never a mix.
/// When `durable` (the default), the new files reach the disk before the swap and the swap itself
/// is flushed after it, so a power loss cannot leave the new tree with empty or partial files.
///
/// Files in a scope that Paved did not write (absent from its ownership list) are carried over
/// untouched; a new file that would overwrite one is refused before anything is written.
public struct TreeWriter: Sendable {
  public let root: String
  /// Test hook: fail after writing this many files of the new tree (the old tree must survive).
  public var failAfterFiles: Int?
  /// Refuse (before writing anything, under the lock) to prune more than this many owned files; nil: no limit.
  public var maxDeletions: Int?
  /// Flush to stable storage before and after each swap (`paved apply` unless `--no-fsync`; `paved build --fsync`).
  public var durable: Bool

  public init(root: String, failAfterFiles: Int? = nil, maxDeletions: Int? = nil, durable: Bool = true) {
    self.root = root.isEmpty ? "." : root
    self.failAfterFiles = failAfterFiles
    self.maxDeletions = maxDeletions
    self.durable = durable
  }

  /// Writes `set` (whose paths all start with one of `scopes` + "/") and replaces each scope directory.
  public func write(_ set: ArtifactSet, scopes: [String]) throws(WriteError) {
    try FileOps.makeDirectories(root)
    let lockPath = root + "/.paved.lock"
    let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    if lock < 0 { throw .io(path: lockPath, message: FileOps.errorMessage()) }
    defer { close(lock) }
    if flock(lock, LOCK_EX | LOCK_NB) != 0 { throw .locked(path: lockPath) }
    defer { flock(lock, LOCK_UN) }

    var grouped: [String: [Artifact]] = [:]
    for artifact in set.artifacts {
      let scope = String(artifact.path.prefix { $0 != "/" })
      grouped[scope, default: []].append(artifact)
    }
    // Plan every scope first: nothing is written if any scope would clobber a foreign file.
    var plans: [(scope: String, files: [Artifact], foreign: [String])] = []
    var pruned: [String] = []
    for scope in scopes.sorted() {
      let files = grouped[scope] ?? []
      let dir = root + "/" + scope
      let owned = FileOps.readFile(dir + "/" + OwnershipList.fileName).flatMap(OwnershipList.parse)?.paths ?? []
      let ownedSet = Set(owned)
      let foreign = FileOps.listFiles(dir).filter { $0 != OwnershipList.fileName && !ownedSet.contains($0) }
      let newPaths = Set(files.map { String($0.path.dropFirst(scope.count + 1)) })
      if let clash = foreign.sorted().first(where: { newPaths.contains($0) }) {
        throw .foreignFile(path: dir + "/" + clash)
      }
      plans.append((scope, files, foreign))
      pruned += owned.filter { !newPaths.contains($0) && FileOps.exists(dir + "/" + $0) }.map { scope + "/" + $0 }
    }
    if let limit = maxDeletions, pruned.count > limit { throw .tooManyDeletions(paths: pruned.sorted(), limit: limit) }
    var written = 0
    for plan in plans {
      try replaceScope(plan.scope, files: plan.files, foreign: plan.foreign, written: &written)
    }
  }

  private func replaceScope(_ scope: String, files: [Artifact], foreign: [String], written: inout Int) throws(WriteError) {
    let target = root + "/" + scope
    let staging = root + "/.paved-staging-" + scope
    try FileOps.removeTree(staging)
    try FileOps.makeDirectories(staging)
    let relative = files.map { String($0.path.dropFirst(scope.count + 1)) }
    var directories = Set<String>()
    for path in relative {
      var dir = path.split(separator: "/").dropLast().joined(separator: "/")
      while !dir.isEmpty && directories.insert(dir).inserted {
        dir = dir.split(separator: "/").dropLast().joined(separator: "/")
      }
    }
    for dir in directories.sorted() { try FileOps.makeDirectories(staging + "/" + dir) }
    if let limit = failAfterFiles, written + files.count > limit {
      for i in 0..<max(0, limit - written) { try FileOps.writeFile(staging + "/" + relative[i], files[i].contents) }
      throw .injectedFault(afterFiles: limit)
    }
    try writeParallel(files, relative: relative, under: staging)
    written += files.count
    for path in foreign {
      guard let bytes = FileOps.readFile(target + "/" + path) else { continue }
      try FileOps.makeDirectories(staging + "/" + path.split(separator: "/").dropLast().joined(separator: "/"))
      try FileOps.writeFile(staging + "/" + path, bytes)
    }
    try FileOps.writeFile(staging + "/" + OwnershipList.fileName, OwnershipList(paths: relative).render())
    if durable { try FileOps.syncFilesystem(staging) }
    if FileOps.exists(target) {
      try FileOps.exchange(staging, target)
      if durable { try flushSwap() }
      try FileOps.removeTree(staging)
    } else if rename(staging, target) != 0 {
      throw .io(path: target, message: FileOps.errorMessage())
    } else if durable {
      try flushSwap()
    }
  }

  /// Flushes the root directory after a swap; a failure then means the new tree is in place but
  /// not known to be on disk, which is not "nothing written".
  private func flushSwap() throws(WriteError) {
    do {
      try FileOps.fsyncDirectory(root)
    } catch {
      throw .notFlushed(path: root, message: error.message)
    }
  }

  /// Writes files on all cores; the first error wins.
  private func writeParallel(_ files: [Artifact], relative: [String], under dir: String) throws(WriteError) {
    let workers = max(1, min(4, files.count / 256))
    final class FirstError: @unchecked Sendable {
      var error: WriteError?
      let lock = NSLockLike()
    }
    let failure = FirstError()
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var i = worker
      while i < files.count {
        do throws(WriteError) {
          try FileOps.writeFile(dir + "/" + relative[i], files[i].contents)
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

/// A pthread mutex, to avoid importing Foundation here.
final class NSLockLike: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }
  func withLock<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return body()
  }
}

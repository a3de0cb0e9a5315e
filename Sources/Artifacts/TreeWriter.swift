import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place that writes output, in two phases:
/// 1. every scope directory (e.g. `prod/`) is built aside in full; any failure here removes what was
///    staged and changes nothing;
/// 2. each staged directory is swapped in atomically (`renameat2(RENAME_EXCHANGE)`). If a swap fails,
///    the scopes already swapped are swapped back, so the run still changes nothing; only if that
///    rollback fails too is the result partial, and the error names the scopes that are new.
/// A crash leaves each scope directory wholly old or wholly new, never a mix within one.
/// When `durable` (the default), the new files reach the disk before the swaps and the swaps are
/// flushed after them, so a power loss cannot leave the new tree with empty or partial files.
///
/// Files in a scope that Paved did not write (absent from its ownership list) are carried over
/// untouched; a new file that would overwrite one is refused before anything is written.
public struct TreeWriter: Sendable {
  public let root: String
  /// Test hook: fail after writing this many files of the new tree (the old tree must survive).
  public var failAfterFiles: Int?
  /// Refuse (before writing anything, under the lock) to prune more than this many owned files; nil: no limit.
  public var maxDeletions: Int?
  /// Flush to stable storage before and after the swaps (`paved apply` unless `--no-fsync`; `paved build --fsync`).
  public var durable: Bool
  /// Test hook: the swap of the scope at this position (in sorted order) fails.
  public var failSwapAt: Int?
  /// Test hook: swapping a scope back during a rollback fails.
  public var failRollback = false

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
    var staged: [String] = []
    do {
      for plan in plans {
        staged.append(plan.scope)
        try stage(plan.scope, files: plan.files, foreign: plan.foreign, written: &written)
      }
      if durable { try FileOps.syncFilesystem(root) }
    } catch {
      for scope in staged { try? FileOps.removeTree(staging(scope)) }
      throw error
    }
    try swapAll(plans.map(\.scope))
    if durable { try flushSwap() }
    // The staging directories now hold the old trees.
    for scope in staged { try FileOps.removeTree(staging(scope)) }
  }

  private func staging(_ scope: String) -> String { root + "/.paved-staging-" + scope }

  /// Builds the new tree of `scope` aside: its files, the foreign files carried over, the ownership list.
  private func stage(_ scope: String, files: [Artifact], foreign: [String], written: inout Int) throws(WriteError) {
    let target = root + "/" + scope
    let staging = staging(scope)
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
  }

  /// Swaps every staged scope in; on a failure, swaps the ones already done back.
  private func swapAll(_ scopes: [String]) throws(WriteError) {
    var done: [(scope: String, replaced: Bool)] = []
    for (position, scope) in scopes.enumerated() {
      let target = root + "/" + scope
      let replaced = FileOps.exists(target)
      do throws(WriteError) {
        if failSwapAt == position { throw .injectedFault(afterFiles: -1) }
        if replaced {
          try FileOps.exchange(staging(scope), target)
        } else if rename(staging(scope), target) != 0 {
          throw .io(path: target, message: FileOps.errorMessage())
        }
        done.append((scope, replaced))
      } catch {
        var stillNew: [String] = []
        for swap in done.reversed() {
          do throws(WriteError) {
            if failRollback { throw .injectedFault(afterFiles: -1) }
            if swap.replaced {
              try FileOps.exchange(staging(swap.scope), root + "/" + swap.scope)
            } else if rename(root + "/" + swap.scope, staging(swap.scope)) != 0 {
              throw .io(path: root + "/" + swap.scope, message: FileOps.errorMessage())
            }
          } catch {
            stillNew.append(swap.scope)
          }
        }
        for scope in scopes where !stillNew.contains(scope) { try? FileOps.removeTree(staging(scope)) }
        if stillNew.isEmpty { throw error }
        throw .partlyReplaced(replaced: stillNew.sorted(), failed: scope, message: error.message)
      }
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

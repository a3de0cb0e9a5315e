import Artifacts
import Dispatch
import Locking

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
/// A crash leaves each scope directory wholly old or wholly new, never a mix within one; a crash
/// between two swaps is completed by the next writer before it does anything else (`SwapJournal`),
/// so the tree as a whole ends up old (crash before the first swap) or new.
/// When `durable` (the default), the new files reach the disk before the swaps and the swaps are
/// flushed after them, so a power loss cannot leave the new tree with empty or partial files.
///
/// Files in a scope that Paved did not write (absent from its ownership list) are carried over
/// untouched; a new file that would overwrite one is refused before anything is written.
public struct TreeWriter: Sendable {
  public let root: String
  /// Refuse (before writing anything, under the lock) to prune more than this many owned files; nil: no limit.
  public var maxDeletions: Int?
  /// Flush to stable storage before and after the swaps (`paved apply` unless `--no-fsync`; `paved build --fsync`).
  public var durable: Bool
  /// The file writes and swaps (`WriterIO.system`; tests make them fail).
  @_spi(Testing) public var io = WriterIO.system

  /// Where the writers' lock is (default `<root>/.paved.lock`; inside a repository, callers put it
  /// under `.git/` so it can never be committed with the tree).
  public var lockPath: String?

  public init(root: String, maxDeletions: Int? = nil, durable: Bool = true, lockPath: String? = nil) {
    self.lockPath = lockPath
    self.root = root.isEmpty ? "." : root
    self.maxDeletions = maxDeletions
    self.durable = durable
  }

  /// Writes `set` (whose paths all start with one of `scopes` + "/") and replaces each scope directory.
  /// Foreign-file clashes and the deletion budget are checked before any file is staged.
  public func write(_ set: ArtifactSet, scopes: [String]) throws(WriteError) {
    let session = try begin(scopes: scopes)
    do {
      try session.refuseClashes(set.artifacts.map(\.path))
      try session.refuseOverBudget(newPaths: set.artifacts.map(\.path))
      try session.stage(set.artifacts)
      try session.finish()
    } catch {
      session.abort()
      throw error
    }
  }

  /// Starts writing `scopes`: takes the lock and prepares an empty staging directory per scope.
  /// Files are then staged in any number of `stage` calls (from any thread), and `finish` swaps
  /// them in; `abort` (or any failure) leaves the output as it was.
  public func begin(scopes: [String]) throws(WriteError) -> Session {
    try FileOps.makeDirectories(root)
    let lockPath = self.lockPath ?? root + "/.paved.lock"
    let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    if lock < 0 { throw .io(path: lockPath, message: FileOps.errorMessage()) }
    if flock(lock, LOCK_EX | LOCK_NB) != 0 {
      close(lock)
      throw .locked(path: lockPath)
    }
    let session = Session(writer: self, lock: lock)
    do {
      try completeInterruptedSwap()
      for scope in scopes.sorted() {
        let dir = root + "/" + scope
        let owned = Set(FileOps.readFile(dir + "/" + OwnershipList.fileName).flatMap(OwnershipList.parse)?.paths ?? [])
        let foreign = FileOps.listFiles(dir) { $0 != OwnershipList.fileName && !owned.contains($0) }
        // The old ownership list is only needed again for the deletion budget; without one it is
        // dropped now rather than held through the whole emission (35 MiB at 10,000 tenants).
        session.scopes[scope] = .init(owned: maxDeletions == nil ? [] : owned, foreign: foreign, foreignSet: Set(foreign))
        session.order.append(scope)
        try FileOps.removeTree(staging(scope))
        try FileOps.makeDirectories(staging(scope))
      }
    } catch {
      session.abort()
      throw error
    }
    return session
  }

  func staging(_ scope: String) -> String { root + "/.paved-staging-" + scope }

  /// One `begin` … `finish` (or `abort`) of a `TreeWriter`; `stage` may be called from several threads.
  public final class Session: @unchecked Sendable {
    struct Scope {
      var owned: Set<String>
      var foreign: [String]
      var foreignSet: Set<String>
    }

    let writer: TreeWriter
    private var lock: Int32
    /// Set up by `begin`, then only read (by any thread): never mutated while files are staged.
    var scopes: [String: Scope] = [:]
    /// Paths staged so far per scope, relative to the scope directory (under `mutex`).
    private var staged: [String: [String]] = [:]
    /// Scopes in sorted order.
    var order: [String] = []
    private let mutex = Lock()
    private var directories: Set<String> = []
    private var swapping = false
    /// New paths that would overwrite a file Paved did not write.
    private var clashes: [String] = []

    init(writer: TreeWriter, lock: Int32) {
      self.writer = writer
      self.lock = lock
    }

    /// Refuses (writing nothing) when a new path would overwrite a file Paved did not write.
    func refuseClashes(_ paths: [String]) throws(WriteError) {
      for path in paths.sorted() {
        let (scope, relative) = Self.split(path)
        if scopes[scope]?.foreignSet.contains(relative) == true { throw .foreignFile(path: writer.root + "/" + path) }
      }
    }

    /// Refuses when the new tree would prune more owned files than the writer's budget allows.
    func refuseOverBudget(newPaths: [String]) throws(WriteError) {
      guard writer.maxDeletions != nil else { return }
      var byScope: [String: Set<String>] = [:]
      for path in newPaths {
        let (scope, relative) = Self.split(path)
        byScope[scope, default: []].insert(relative)
      }
      try refuseOverBudget(keeping: byScope)
    }

    /// The owned files (`<scope>/<path>`) that exist and are not in `kept` refused over the budget.
    private func refuseOverBudget(keeping kept: [String: Set<String>]) throws(WriteError) {
      guard let limit = writer.maxDeletions else { return }
      var pruned: [String] = []
      for scope in order {
        let dir = writer.root + "/" + scope
        let keep = kept[scope] ?? []
        pruned += (scopes[scope]?.owned ?? []).filter { !keep.contains($0) && FileOps.exists(dir + "/" + $0) }.map { scope + "/" + $0 }
      }
      if pruned.count > limit { throw .tooManyDeletions(paths: pruned.sorted(), limit: limit) }
    }

    /// Writes `files` into their scopes' staging directories (files outside the scopes are ignored).
    public func stage(_ files: [Artifact]) throws(WriteError) {
      var targets: [(path: String, index: Int)] = []
      targets.reserveCapacity(files.count)
      var relatives: [(scope: String, relative: String)] = []
      var clashing: [String] = []
      for (i, file) in files.enumerated() {
        let (scope, relative) = Self.split(file.path)
        guard let state = scopes[scope] else { continue }
        // Reported by `finish` (the first in path order, whichever thread staged it), never written.
        if state.foreignSet.contains(relative) {
          clashing.append(file.path)
          continue
        }
        targets.append((writer.staging(scope) + "/" + relative, i))
        relatives.append((scope, relative))
      }
      var newDirectories: [String] = []
      mutex.withLock {
        clashes += clashing
        for target in targets {
          let dir = String(target.path[..<(target.path.lastIndex(of: "/") ?? target.path.startIndex)])
          if directories.insert(dir).inserted { newDirectories.append(dir) }
        }
      }
      for dir in newDirectories.sorted() { try FileOps.makeDirectories(dir) }
      try TreeWriter.writeParallel(targets.map { ($0.path, files[$0.index].contents) }, io: writer.io)
      mutex.withLock {
        for (scope, relative) in relatives { staged[scope, default: []].append(relative) }
      }
    }

    /// Carries foreign files over, writes the ownership lists, checks the deletion budget, then
    /// swaps every scope in (rolling back on a failure) and removes the old trees.
    public func finish() throws(WriteError) {
      defer { unlock() }
      if let clash = mutex.withLock({ clashes.min() }) { throw .foreignFile(path: writer.root + "/" + clash) }
      let staged = mutex.withLock { self.staged }
      if writer.maxDeletions != nil { try refuseOverBudget(keeping: staged.mapValues { Set($0) }) }
      for scope in order {
        guard let state = scopes[scope] else { continue }
        let target = writer.root + "/" + scope
        let staging = writer.staging(scope)
        for path in state.foreign {
          guard let bytes = FileOps.readFile(target + "/" + path) else { continue }
          try FileOps.makeDirectories(staging + "/" + path.split(separator: "/").dropLast().joined(separator: "/"))
          try FileOps.writeFile(staging + "/" + path, bytes)
        }
        try FileOps.writeFile(staging + "/" + OwnershipList.fileName, OwnershipList(paths: staged[scope] ?? []).render())
      }
      if writer.durable { try FileOps.syncFilesystem(writer.root) }
      try writer.writeJournal(order)
      // From here the staging directories may hold old trees: `swapAll` cleans up after itself.
      swapping = true
      do {
        try writer.swapAll(order)
      } catch {
        // Rolled back (or reported as partial): nothing is left for a later writer to complete.
        try? FileOps.removeFile(writer.journalPath)
        throw error
      }
      if writer.durable { try writer.flushSwap() }
      try FileOps.removeFile(writer.journalPath)
      // The staging directories now hold the old trees.
      try FileOps.removeTrees(order.map(writer.staging))
    }

    /// Removes everything staged and releases the lock; the output is as it was (after a failed
    /// swap, `swapAll` has already restored it, or kept the old trees aside and said so).
    public func abort() {
      if !swapping { for scope in order { try? FileOps.removeTree(writer.staging(scope)) } }
      unlock()
    }

    private func unlock() {
      guard lock >= 0 else { return }
      flock(lock, LOCK_UN)
      close(lock)
      lock = -1
    }

    deinit { unlock() }

    /// `dev/tenants/a.yaml` → (`dev`, `tenants/a.yaml`).
    static func split(_ path: String) -> (String, String) {
      guard let slash = path.firstIndex(of: "/") else { return (path, "") }
      return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
  }

  /// Swaps every staged scope in; on a failure, swaps the ones already done back.
  func swapAll(_ scopes: [String]) throws(WriteError) {
    var done: [(scope: String, replaced: Bool)] = []
    for scope in scopes {
      let target = root + "/" + scope
      let replaced = FileOps.exists(target)
      do throws(WriteError) {
        if replaced {
          try io.exchange(staging(scope), target)
        } else {
          try io.rename(staging(scope), target)
        }
        done.append((scope, replaced))
      } catch {
        var stillNew: [String] = []
        for swap in done.reversed() {
          do throws(WriteError) {
            if swap.replaced {
              try io.exchange(staging(swap.scope), root + "/" + swap.scope)
            } else {
              try io.rename(root + "/" + swap.scope, staging(swap.scope))
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
  func flushSwap() throws(WriteError) {
    do {
      try FileOps.fsyncDirectory(root)
    } catch {
      throw .notFlushed(path: root, message: error.message)
    }
  }
}

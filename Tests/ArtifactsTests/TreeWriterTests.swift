import Foundation
import TestSupport
import XCTest

@testable import Artifacts
@_spi(Testing) @testable import OutputWriter

#if canImport(Glibc)
import Glibc
#endif

/// The one writer: atomic per scope, never touches files it did not write, refuses concurrent runs.
final class TreeWriterTests: XCTestCase {
  var root: URL!

  override func setUp() { root = RepoPaths.temporaryDirectory("paved-writer") }
  override func tearDown() { try? FileManager.default.removeItem(at: root) }

  private func set(_ files: [String: String]) throws -> ArtifactSet {
    try ArtifactSet(files.map { Artifact(path: $0.key, contents: Array($0.value.utf8)) })
  }

  /// Writes `set` as a process that dies at the swap with index `atSwap` leaves it: staged here,
  /// finished in a forked child whose file operations end it there. The session is dropped without
  /// `abort` (its staging directories are the crash's state); only its lock is released.
  private func crash(writing set: ArtifactSet, scopes: [String], atSwap: Int) throws {
    var writer = TreeWriter(root: root.path)
    writer.io = FaultyWriterIO.exiting(atSwap: atSwap)
    let session = try writer.begin(scopes: scopes)
    try session.stage(set.artifacts)
    let child = fork()
    if child == 0 {
      do { try session.finish() } catch { _exit(2) }
      _exit(3)  // finished: the crash did not happen
    }
    XCTAssertGreaterThan(child, 0, "fork")
    var status: Int32 = 0
    waitpid(child, &status, 0)
    XCTAssertEqual(status, 0, "the child ended at the swap (exit status 0, raw \(status))")
    withExtendedLifetime(session) {}
  }

  private func read(_ path: String) -> String? {
    (try? Data(contentsOf: root.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Many threads staging into one session at once (as a streamed build does): every file lands and
  /// each scope's ownership list names exactly its files, none lost to a race. (Staging once read the
  /// scopes without the lock while other threads recorded staged paths into them, which aborted the
  /// process about once in ten full test runs; this test did not reproduce that race on the old code,
  /// so it guards completeness, not the race itself.)
  func testConcurrentStagingIsSafeAndComplete() throws {
    let scopes = (0..<16).map { "env\($0)" }
    let session = try TreeWriter(root: root.path, durable: false).begin(scopes: scopes)
    let batches = 4_000
    DispatchQueue.concurrentPerform(iterations: batches) { i in
      let files = (0..<3).map { k in Artifact(path: "\(scopes[i % scopes.count])/t\(i)/f\(k).yaml", contents: Array("v: \(i)\n".utf8)) }
      try? session.stage(files)
    }
    try session.finish()
    for scope in scopes {
      let list = try String(contentsOf: root.appendingPathComponent(scope + "/.paved-owned"), encoding: .utf8)
      XCTAssertEqual(list.split(separator: "\n").count - 1, 3 * (batches / scopes.count), scope)
    }
    XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("env3/t19/f2.yaml"), encoding: .utf8), "v: 19\n")
  }

  func testWritesScopesAndOwnershipList() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "a", "dev/t/b.yaml": "b", "prod/a.yaml": "p"]), scopes: ["dev", "prod"])
    XCTAssertEqual(read("dev/a.yaml"), "a")
    XCTAssertEqual(read("dev/t/b.yaml"), "b")
    XCTAssertEqual(read("prod/a.yaml"), "p")
    XCTAssertEqual(read("dev/.paved-owned"), "# paved-owned v1: files written by paved; do not edit\na.yaml\nt/b.yaml\n")
  }

  func testDurableAndScratchWritesProduceTheSameTree() throws {
    let files = ["dev/a.yaml": "a", "dev/t/b.yaml": "b"]
    let scratch = root.appendingPathComponent("scratch").path
    let durable = root.appendingPathComponent("durable").path
    for _ in 0..<2 {  // first into an empty root (rename), then over the existing tree (exchange)
      try TreeWriter(root: scratch, durable: false).write(set(files), scopes: ["dev"])
      try TreeWriter(root: durable).write(set(files), scopes: ["dev"])
    }
    XCTAssertTrue(TreeWriter(root: durable).durable, "flushing to disk is the default")
    XCTAssertEqual(FileOps.listFiles(scratch).sorted(), FileOps.listFiles(durable).sorted())
    for path in FileOps.listFiles(durable) {
      XCTAssertEqual(FileOps.readFile(scratch + "/" + path), FileOps.readFile(durable + "/" + path), path)
    }
  }

  func testFlushFailuresAreReportedNotIgnored() {
    let missing = root.appendingPathComponent("does-not-exist").path
    XCTAssertThrowsError(try FileOps.syncFilesystem(missing)) { error in
      XCTAssertTrue("\(error)".contains("flushing to disk"), "\(error)")
    }
    XCTAssertThrowsError(try FileOps.fsyncDirectory(missing))
  }

  func testRebuildPrunesOnlyOwnedFilesAndKeepsForeignOnes() throws {
    let writer = TreeWriter(root: root.path)
    try writer.write(set(["dev/old.yaml": "old", "dev/keep.yaml": "k1"]), scopes: ["dev"])
    try Data("mine".utf8).write(to: root.appendingPathComponent("dev/hand-written.yaml"))
    try writer.write(set(["dev/keep.yaml": "k2", "dev/new.yaml": "n"]), scopes: ["dev"])
    XCTAssertNil(read("dev/old.yaml"), "a file paved wrote and no longer renders is pruned")
    XCTAssertEqual(read("dev/keep.yaml"), "k2")
    XCTAssertEqual(read("dev/new.yaml"), "n")
    XCTAssertEqual(read("dev/hand-written.yaml"), "mine", "a file paved did not write is kept")
  }

  func testRefusesToOverwriteAForeignFileAndWritesNothing() throws {
    try FileManager.default.createDirectory(at: root.appendingPathComponent("dev"), withIntermediateDirectories: true)
    try Data("hand".utf8).write(to: root.appendingPathComponent("dev/a.yaml"))
    XCTAssertThrowsError(
      try TreeWriter(root: root.path).write(set(["dev/a.yaml": "x", "dev/b.yaml": "y", "prod/c.yaml": "z"]), scopes: ["dev", "prod"])
    ) { error in
      guard case WriteError.foreignFile = error else { return XCTFail("\(error)") }
    }
    XCTAssertEqual(read("dev/a.yaml"), "hand")
    XCTAssertNil(read("dev/b.yaml"))
    XCTAssertNil(read("prod/c.yaml"), "no scope is written when any would clobber a foreign file")
  }

  func testAFailureMidWriteLeavesTheOldTreeIntact() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1", "dev/b.yaml": "1"]), scopes: ["dev"])
    var failing = TreeWriter(root: root.path)
    failing.io = FaultyWriterIO.failing(afterFiles: 1)
    XCTAssertThrowsError(try failing.write(set(["dev/a.yaml": "2", "dev/b.yaml": "2", "dev/c.yaml": "2"]), scopes: ["dev"]))
    XCTAssertEqual(read("dev/a.yaml"), "1")
    XCTAssertEqual(read("dev/b.yaml"), "1")
    XCTAssertNil(read("dev/c.yaml"))
    // The next successful run cleans the abandoned staging directory and completes.
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "3"]), scopes: ["dev"])
    XCTAssertEqual(read("dev/a.yaml"), "3")
    XCTAssertNil(read("dev/b.yaml"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".paved-staging") }
    XCTAssertEqual(leftovers, [])
  }

  func testAFailureStagingALaterScopeChangesNoScope() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1", "prod/a.yaml": "1"]), scopes: ["dev", "prod"])
    // dev (one file) stages fully; prod fails while staging: dev must not be swapped in either.
    var failing = TreeWriter(root: root.path)
    failing.io = FaultyWriterIO.failing(afterFiles: 2)
    XCTAssertThrowsError(try failing.write(set(["dev/a.yaml": "2", "prod/a.yaml": "2", "prod/b.yaml": "2"]), scopes: ["dev", "prod"]))
    XCTAssertEqual(read("dev/a.yaml"), "1")
    XCTAssertEqual(read("prod/a.yaml"), "1")
    XCTAssertNil(read("prod/b.yaml"))
    XCTAssertEqual(try stagingLeftovers(), [])
  }

  func testAFailedSwapIsRolledBackSoNoScopeChanges() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1", "prod/a.yaml": "1"]), scopes: ["dev", "prod"])
    var failing = TreeWriter(root: root.path)
    failing.io = FaultyWriterIO.failingSwap(at: 2)  // dev and gitops swap in (gitops is new), then prod fails
    XCTAssertThrowsError(try failing.write(set(["dev/a.yaml": "2", "gitops/g.yaml": "2", "prod/a.yaml": "2"]), scopes: ["dev", "gitops", "prod"])) {
      error in
      XCTAssertEqual(error as? WriteError, .io(path: root.path + "/prod", message: FaultyWriterIO.message))
    }
    XCTAssertEqual(read("dev/a.yaml"), "1", "the swapped-in dev is swapped back")
    XCTAssertEqual(read("prod/a.yaml"), "1")
    XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("gitops").path), "a new scope is taken out again")
    XCTAssertEqual(try stagingLeftovers(), [])
  }

  func testAFailedRollbackNamesTheScopesThatAreNew() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1", "prod/a.yaml": "1"]), scopes: ["dev", "prod"])
    var failing = TreeWriter(root: root.path)
    failing.io = FaultyWriterIO.failingSwap(at: 1, rollbackToo: true)
    XCTAssertThrowsError(try failing.write(set(["dev/a.yaml": "2", "prod/a.yaml": "2"]), scopes: ["dev", "prod"])) { error in
      XCTAssertEqual(
        error as? WriteError, .partlyReplaced(replaced: ["dev"], failed: "prod", message: root.path + "/prod: " + FaultyWriterIO.message))
    }
    XCTAssertEqual(read("dev/a.yaml"), "2", "dev is wholly new")
    XCTAssertEqual(read("prod/a.yaml"), "1", "prod is wholly old")
    XCTAssertEqual(read(".paved-staging-dev/a.yaml"), "1", "the old dev tree is kept aside")
    // The next run completes and cleans up.
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "3", "prod/a.yaml": "3"]), scopes: ["dev", "prod"])
    XCTAssertEqual(read("prod/a.yaml"), "3")
    XCTAssertEqual(try stagingLeftovers(), [])
  }

  func testACrashBetweenTwoSwapsIsCompletedByTheNextWriter() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1", "prod/a.yaml": "1"]), scopes: ["dev", "prod"])
    // dev and gitops (new) are in, prod is not: the process dies here.
    try crash(writing: set(["dev/a.yaml": "2", "gitops/g.yaml": "2", "prod/a.yaml": "2"]), scopes: ["dev", "gitops", "prod"], atSwap: 2)
    XCTAssertEqual(read("dev/a.yaml"), "2")
    XCTAssertEqual(read("prod/a.yaml"), "1", "mid-swap, as a crash leaves it")
    XCTAssertNotNil(read(SwapJournal.fileName))
    // The next writer, whatever it writes, first completes the interrupted swap.
    let session = try TreeWriter(root: root.path).begin(scopes: ["dev"])
    XCTAssertEqual(read("dev/a.yaml"), "2")
    XCTAssertEqual(read("gitops/g.yaml"), "2")
    XCTAssertEqual(read("prod/a.yaml"), "2", "the whole tree is the new one")
    XCTAssertNil(read(SwapJournal.fileName))
    XCTAssertEqual(read("prod/.paved-owned").map { $0.contains("a.yaml") }, true)
    session.abort()
    XCTAssertEqual(try stagingLeftovers(), [], "the old trees are removed once the new one is complete")
  }

  func testACrashAfterTheJournalButBeforeAnySwapEndsWithTheNewTree() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1", "prod/a.yaml": "1"]), scopes: ["dev", "prod"])
    try crash(writing: set(["dev/a.yaml": "2", "prod/a.yaml": "2"]), scopes: ["dev", "prod"], atSwap: 0)
    // Recovery swaps in what was staged: the journal says the swap had begun (it is written last,
    // after every staged file), so the new tree is complete and wins.
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "3"]), scopes: ["dev"])
    XCTAssertEqual(read("dev/a.yaml"), "3")
    XCTAssertEqual(read("prod/a.yaml"), "2")
    XCTAssertNil(read(SwapJournal.fileName))
  }

  func testAJournalCutShortIsNotActedOn() throws {
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "1"]), scopes: ["dev"])
    try FileManager.default.createDirectory(at: root.appendingPathComponent(".paved-staging-dev"), withIntermediateDirectories: true)
    try Data("dev 12".utf8).write(to: root.appendingPathComponent(SwapJournal.fileName))  // no final newline: cut short
    XCTAssertNil(SwapJournal.parse(Array("dev 12".utf8)))
    XCTAssertEqual(SwapJournal.parse(Array("dev 12\nprod 7\n".utf8))?.newInodes.map(\.scope), ["dev", "prod"])
    try TreeWriter(root: root.path).write(set(["dev/a.yaml": "2"]), scopes: ["dev"])
    XCTAssertEqual(read("dev/a.yaml"), "2")
    XCTAssertNil(read(SwapJournal.fileName))
  }

  func testReplacingADeepTreeRemovesTheOldOneOnAllCores() throws {
    // Enough directories two levels down (`dev/tenants/<name>`) for the old trees to be removed in parallel.
    func tree(_ version: String) throws -> ArtifactSet {
      var files: [String: String] = ["dev/cluster/q.yaml": version, "prod/kustomization.yaml": version]
      for t in 0..<40 {
        files["dev/tenants/t\(t)/a.yaml"] = version
        files["prod/tenants/t\(t)/sub/b.yaml"] = version
      }
      return try set(files)
    }
    try TreeWriter(root: root.path).write(tree("1"), scopes: ["dev", "prod"])
    var second = try tree("2").artifacts.filter { !$0.path.hasPrefix("dev/tenants/t39/") }
    second.append(Artifact(path: "dev/tenants/new/a.yaml", contents: Array("2".utf8)))
    try TreeWriter(root: root.path).write(ArtifactSet(second), scopes: ["dev", "prod"])
    XCTAssertEqual(read("prod/tenants/t7/sub/b.yaml"), "2")
    XCTAssertEqual(read("dev/tenants/new/a.yaml"), "2")
    XCTAssertNil(read("dev/tenants/t39/a.yaml"), "pruned")
    XCTAssertEqual(try stagingLeftovers(), [], "the old trees are gone")
  }

  private func stagingLeftovers() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".paved-staging") }
  }

  func testASecondWriterFailsWhileTheLockIsHeld() throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let lockPath = root.appendingPathComponent(".paved.lock").path
    let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
    XCTAssertThrowsError(try TreeWriter(root: root.path).write(set(["dev/a.yaml": "x"]), scopes: ["dev"])) { error in
      XCTAssertEqual(error as? WriteError, .locked(path: lockPath))
    }
    XCTAssertNil(read("dev/a.yaml"))
  }

  func testDuplicatePathsAreRejected() {
    XCTAssertThrowsError(try ArtifactSet([Artifact(path: "a", contents: []), Artifact(path: "a", contents: [1])]))
  }
}

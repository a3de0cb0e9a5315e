import Artifacts
import Foundation
import GitRevisions
import TestSupport
import XCTest

@_spi(Testing) @testable import Driver

#if canImport(Glibc)
import Glibc
#endif

/// `ApplyRun`: atomic writes, the deletion budget, the lock, and commits to a deploy branch.
final class ApplyRunTests: XCTestCase {
  private func apply(
    _ repo: PlatformRepo, out: String? = nil, commitTo: String? = nil, maxDeletions: Int? = ApplyRun.defaultMaxDeletions, failAfter: Int? = nil
  ) throws -> ApplyRun.Outcome {
    var request = ApplyRun.Request(root: repo.root, outputOverride: out, commitTo: commitTo, maxDeletions: maxDeletions)
    if let failAfter { request.writerIO = FaultyWriterIO.failing(afterFiles: failAfter) }
    return try ApplyRun.run(request)
  }

  private func snapshot(_ dir: String) -> [String: Data] {
    var out: [String: Data] = [:]
    let base = URL(fileURLWithPath: dir)
    guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [:] }
    for case let url as URL in files {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
        out[String(url.path.dropFirst(base.path.count + 1))] = try? Data(contentsOf: url)
      }
    }
    return out
  }

  func testApplyWritesTheTreeWithARecordOfTheSourceCommit() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    let sha = try repo.commit("alpha")
    let outcome = try apply(repo)
    XCTAssertFalse(outcome.compilation.diagnostics.hasErrors, "\(outcome.compilation.diagnostics.all)")
    XCTAssertEqual(outcome.sourceCommit, sha)
    XCTAssertNotNil(repo.read("deploy/prod/tenants/alpha/localqueue-default.yaml"))
    let record = try XCTUnwrap(repo.read("deploy/prod/.paved-applied"))
    XCTAssertTrue(record.hasPrefix("# paved-applied v1\nsource \(sha)\nfingerprint sha256:"), record)
    XCTAssertTrue(repo.read("deploy/prod/.paved-owned")?.contains(".paved-applied") ?? false)
  }

  func testACrashMidApplyLeavesTheOldTreeIntact() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    XCTAssertFalse(try apply(repo).compilation.diagnostics.hasErrors)
    let before = snapshot(repo.path("deploy"))
    XCTAssertGreaterThan(before.count, 40)
    try repo.writePlatform([("alpha", "16"), ("beta", "4")])
    let crashed = try apply(repo, failAfter: 7)
    XCTAssertEqual(crashed.compilation.diagnostics.all.map(\.code.rawValue), ["output.not-written"])
    XCTAssertNil(crashed.writtenTo)
    var after = snapshot(repo.path("deploy"))
    after = after.filter { !$0.key.hasPrefix(".paved-staging-") }  // the half-written staging copy is not the tree
    XCTAssertEqual(after, before, "the old tree is intact, byte for byte")
    // The next apply succeeds and replaces it.
    XCTAssertFalse(try apply(repo).compilation.diagnostics.hasErrors)
    XCTAssertTrue(repo.read("deploy/prod/tenants/alpha/resourcequota-tenant-quota.yaml")?.contains("\"16\"") ?? false)
  }

  func testDeletionsOverTheBudgetAreRefusedAndNothingIsWritten() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    XCTAssertFalse(try apply(repo).compilation.diagnostics.hasErrors)
    let before = snapshot(repo.path("deploy"))
    try repo.writePlatform([("alpha", "12")])  // beta gone: about 23 files
    let refused = try apply(repo)
    let diagnostic = try XCTUnwrap(refused.compilation.diagnostics.all.first)
    XCTAssertEqual(diagnostic.code.rawValue, "apply.too-many-deletions")
    XCTAssertTrue(diagnostic.summary.hasSuffix("over the deletion budget of 10"), diagnostic.summary)
    XCTAssertTrue(diagnostic.notes.contains { $0.message.hasSuffix("deploy/prod/cluster/namespace-beta-prod.yaml") }, "\(diagnostic.notes)")
    XCTAssertTrue(diagnostic.notes.contains { $0.message.contains("--allow-deletions") })
    XCTAssertEqual(snapshot(repo.path("deploy")), before, "nothing written")
    // A larger budget or --allow-deletions goes ahead; the foreign file stays.
    try repo.write("deploy/prod/README.md", "kept\n")
    XCTAssertFalse(try apply(repo, maxDeletions: nil).compilation.diagnostics.hasErrors)
    XCTAssertNil(repo.read("deploy/prod/cluster/namespace-beta-prod.yaml"))
    XCTAssertEqual(repo.read("deploy/prod/README.md"), "kept\n")
  }

  func testASecondApplyWhileTheLockIsHeldFailsCleanly() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    XCTAssertFalse(try apply(repo).compilation.diagnostics.hasErrors)
    let before = snapshot(repo.path("deploy"))
    // Inside a repository the lock lives under .git/, never in the tree a commit could pick up.
    XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path("deploy/.paved.lock")))
    let fd = open(repo.path(".git/paved-deploy.lock"), O_RDWR | O_CREAT, 0o644)
    XCTAssertGreaterThanOrEqual(fd, 0)
    XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)  // an apply in progress
    try repo.writePlatform([("alpha", "16")])
    let second = try apply(repo)
    flock(fd, LOCK_UN)
    close(fd)
    let diagnostic = try XCTUnwrap(second.compilation.diagnostics.all.first)
    XCTAssertEqual(diagnostic.code.rawValue, "apply.locked")
    XCTAssertTrue(diagnostic.summary.contains("another paved process is writing this output"), diagnostic.summary)
    XCTAssertEqual(snapshot(repo.path("deploy")), before)
  }

  func testCommitToABranchCreatesItOnceAndNeverCommitsNothing() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    let source = try repo.commit("alpha")
    let first = try apply(repo, commitTo: "deploy")
    XCTAssertFalse(first.compilation.diagnostics.hasErrors, "\(first.compilation.diagnostics.all)")
    guard case .created(let sha, nil)? = first.commit else { return XCTFail("expected a new branch, got \(String(describing: first.commit))") }
    XCTAssertNil(first.writtenTo, "--commit-to alone writes no directory")
    XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path("deploy")))
    XCTAssertEqual(try repo.git("rev-parse", "deploy"), sha)
    let message = try repo.git("log", "-1", "--format=%B", "deploy")
    XCTAssertTrue(message.contains("Paved-Source-Commit: \(source)"), message)
    XCTAssertTrue(try repo.git("ls-tree", "-r", "--name-only", "deploy").contains("deploy/prod/tenants/alpha/localqueue-default.yaml"))
    // Same render: nothing committed.
    XCTAssertEqual(try apply(repo, commitTo: "deploy").commit, .unchanged(sha: sha))
    // A change: one commit on top; a file someone added to the branch is kept.
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    try repo.commit("beta")
    let next = try apply(repo, commitTo: "deploy", maxDeletions: nil)
    guard case .created(_, let parent)? = next.commit else { return XCTFail("expected a commit") }
    XCTAssertEqual(parent, sha)
    XCTAssertEqual(next.changes?.deleted, 0)
    XCTAssertGreaterThan(next.changes?.created ?? 0, 0, "beta's files")
    // Removing beta again is many deletions: refused on the branch too.
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("no beta")
    let refused = try apply(repo, commitTo: "deploy")
    XCTAssertEqual(refused.compilation.diagnostics.all.first?.code.rawValue, "apply.too-many-deletions")
    XCTAssertEqual(try repo.git("rev-parse", "deploy"), next.commit?.sha)
  }

  /// A failed flush after the swap must not claim that nothing was changed.
  func testAFailedFlushAfterTheSwapSaysTheTreeIsInPlace() {
    let flush = ApplyRun.diagnostic(for: .notFlushed(path: "deploy", message: "flushing to disk: Input/output error"), out: "deploy")
    XCTAssertEqual(flush.code.rawValue, "output.not-flushed")
    XCTAssertTrue(flush.summary.contains("written but not confirmed on disk"), flush.summary)
    XCTAssertTrue(flush.notes.contains { $0.message.contains("in place") }, "\(flush.notes)")
    XCTAssertFalse(flush.notes.contains { $0.message.contains("nothing was changed") })
    let partly = ApplyRun.diagnostic(for: .partlyReplaced(replaced: ["dev"], failed: "prod", message: "Input/output error"), out: "deploy")
    XCTAssertEqual(partly.code.rawValue, "output.partly-written")
    XCTAssertTrue(partly.notes.contains { $0.message.contains("deploy/dev/ hold the new tree") }, "\(partly.notes)")
    XCTAssertFalse(partly.notes.contains { $0.message.contains("nothing was changed") })
    let io = ApplyRun.diagnostic(for: .io(path: "deploy/dev", message: "No space left on device"), out: "deploy")
    XCTAssertEqual(io.code.rawValue, "output.not-written")
    XCTAssertTrue(io.notes.contains { $0.message.contains("nothing was changed") })
  }

  func testCommitToRefusesWhatWouldNotDeployOrWouldMisleadReviewers() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    // The Applications track spec.gitops.targetRevision (deploy here): another branch deploys nothing.
    let elsewhere = try apply(repo, commitTo: "release")
    XCTAssertEqual(elsewhere.compilation.diagnostics.all.map(\.code), [.commitBranchMismatch])
    // The checked-out branch is refused too (with targetRevision main).
    try repo.writePlatform([("alpha", "8")], extra: "")
    let text = (repo.read("platform.yaml") ?? "").replacingOccurrences(of: "targetRevision: deploy", with: "targetRevision: main")
    try repo.write("platform.yaml", text)
    try repo.commit("track main")
    let checkedOut = try apply(repo, commitTo: "main")
    XCTAssertTrue(checkedOut.compilation.diagnostics.all.contains { $0.code == .commitBranchMismatch && $0.summary.contains("checked out here") })
    try repo.write("platform.yaml", text.replacingOccurrences(of: "targetRevision: main", with: "targetRevision: deploy"))
    try repo.commit("track deploy")
    // Uncommitted input: refused, or with --allow-dirty committed without claiming a source commit.
    try repo.writePlatform([("alpha", "12")])
    let dirty = try apply(repo, commitTo: "deploy")
    XCTAssertEqual(dirty.compilation.diagnostics.all.map(\.code), [.dirtySource])
    XCTAssertTrue(dirty.compilation.diagnostics.all.first?.notes.contains { $0.message == "uncommitted: platform.yaml" } ?? false)
    var request = ApplyRun.Request(root: repo.root, commitTo: "deploy")
    request.allowDirty = true
    let allowed = try ApplyRun.run(request)
    XCTAssertFalse(allowed.compilation.diagnostics.hasErrors, "\(allowed.compilation.diagnostics.all)")
    let message = try repo.git("log", "-1", "--format=%B", "deploy")
    XCTAssertTrue(message.contains("Paved-Source-Dirty: true"), message)
    XCTAssertFalse(message.contains("Paved-Source-Commit"), message)
  }

  func testCommitsTakeTheirAuthorFromGitAndApplySaysWhatChanged() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    try repo.git("config", "user.name", "Dana Ops")
    try repo.git("config", "user.email", "dana@example.com")
    // The GIT_* variables win over the configuration, as in git: unset them for this commit.
    for name in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] { unsetenv(name) }
    XCTAssertFalse(try apply(repo, commitTo: "deploy").compilation.diagnostics.hasErrors)
    XCTAssertEqual(try repo.git("log", "-1", "--format=%an <%ae> / %cn <%ce>", "deploy"), "Dana Ops <dana@example.com> / Dana Ops <dana@example.com>")
    // A directory apply counts what changed against the previous records.
    let first = try apply(repo)
    XCTAssertEqual(first.changes?.created, first.filesWritten, "a new output: everything is created")
    XCTAssertEqual(try apply(repo).changes, ApplyRun.FileChanges())
    try repo.writePlatform([("alpha", "16")])
    let grown = try apply(repo)
    XCTAssertEqual(grown.changes?.updated, 4, "quota and cluster queue in dev and prod")
    XCTAssertEqual(grown.changes?.created, 0)
  }

  func testACommitPassesOnlyChangedFilesButRestoresAnEditedBranch() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    try repo.commit("two tenants")
    XCTAssertFalse(try apply(repo, commitTo: "deploy").compilation.diagnostics.hasErrors)
    // One tenant's quota: only its files change on the branch (paved's own tip: its records are trusted).
    try repo.writePlatform([("alpha", "12"), ("beta", "8")])
    try repo.commit("alpha grows")
    let grown = try apply(repo, commitTo: "deploy")
    XCTAssertEqual(grown.changes, ApplyRun.FileChanges(created: 0, updated: 4, deleted: 0), "alpha's quota and queue in dev and prod")
    // Someone edits a rendered file on the branch: the tip is no longer paved's, so every file is compared.
    let file = "deploy/prod/tenants/beta/limitrange-container-defaults.yaml"
    try repo.git("checkout", "-q", "deploy")
    try repo.write(file, (repo.read(file) ?? "") + "# edited on the branch\n")
    try repo.git("commit", "-qam", "hand edit")
    try repo.git("checkout", "-q", "main")
    let restored = try apply(repo, commitTo: "deploy")
    XCTAssertEqual(restored.changes?.updated, 1)
    XCTAssertFalse(try repo.git("show", "deploy:" + file).contains("edited on the branch"))
  }
}

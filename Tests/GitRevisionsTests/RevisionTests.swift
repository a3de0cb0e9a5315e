import Foundation
import GitRevisions
import VirtualFileSystem
import XCTest

/// A small repository: a file modified, renamed and deleted; a tag; a symlink, a large file and a submodule.
struct SampleRepository {
  let fixture: GitFixture
  let dir = "work"
  /// c1: add a.txt + README; c2: edit a.txt (tag v1, annotated; tag light, lightweight);
  /// c3: rename a.txt → docs/b.txt; c4: edit b.txt, add link → docs/b.txt, big.bin, submodule `sub`; c5: delete b.txt.
  var commits: [String] = []

  init(_ fixture: GitFixture) throws {
    self.fixture = fixture
    try fixture.initRepository(dir)
    try fixture.write("work/README", "readme\n")
    try fixture.write("work/a.txt", "one\n")
    commits.append(try fixture.commitAll("c1: add a", in: dir))
    try fixture.write("work/a.txt", "two\n")
    commits.append(try fixture.commitAll("c2: edit a", in: dir))
    try fixture.git("tag", "-a", "v1", "-m", "version 1", in: dir)
    try fixture.git("tag", "light", in: dir)
    try FileManager.default.createDirectory(atPath: fixture.path("work/docs"), withIntermediateDirectories: true)
    try fixture.git("mv", "a.txt", "docs/b.txt", in: dir)
    commits.append(try fixture.commitAll("c3: rename a to docs/b", in: dir))
    try fixture.write("work/docs/b.txt", "three\n")
    try fixture.write("work/big.bin", bytes: [UInt8](repeating: 7, count: 100_000))
    try FileManager.default.createSymbolicLink(atPath: fixture.path("work/link"), withDestinationPath: "docs/b.txt")
    try fixture.git("add", "-A", in: dir)
    try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(commits[0]),sub", in: dir)
    try fixture.git("commit", "-q", "-m", "c4: edit b, add link, big, sub", in: dir)
    commits.append(try fixture.git("rev-parse", "HEAD", in: dir))
    try fixture.git("rm", "-q", "docs/b.txt", in: dir)
    try fixture.git("commit", "-q", "-m", "c5: delete b", in: dir)
    commits.append(try fixture.git("rev-parse", "HEAD", in: dir))
    // The work tree now differs from every commit.
    try fixture.write("work/a.txt", "uncommitted\n")
    try fixture.write("work/README", "changed in the work tree\n")
  }

  func open() throws -> Repository { try Repository(discoveringFrom: fixture.path(dir)) }
}

final class RevisionTests: XCTestCase {
  func testResolvesRelativeTagAndShortRevisions() throws {
    let sample = try SampleRepository(try makeFixture())
    let repo = try sample.open()
    XCTAssertEqual(try repo.resolve("HEAD").sha, sample.commits[4])
    XCTAssertEqual(try repo.resolve("HEAD~1").sha, sample.commits[3])
    XCTAssertEqual(try repo.resolve("main~4").sha, sample.commits[0])
    XCTAssertEqual(try repo.resolve("v1").sha, sample.commits[1], "annotated tag peeled to its commit")
    XCTAssertEqual(try repo.resolve("light").sha, sample.commits[1])
    XCTAssertEqual(try repo.resolve(String(sample.commits[0].prefix(7))).sha, sample.commits[0])
    XCTAssertEqual(try repo.resolve(sample.commits[2]).sha, sample.commits[2])
    XCTAssertEqual(repo.currentBranch, "main")
  }

  func testResolvesRemoteTrackingBranch() throws {
    let fixture = try makeFixture()
    let sample = try SampleRepository(fixture)
    try fixture.git("update-ref", "refs/remotes/origin/main", sample.commits[1], in: sample.dir)
    XCTAssertEqual(try sample.open().resolve("origin/main").sha, sample.commits[1])
  }

  func testUnknownRevisionIsTypedNotFound() throws {
    let repo = try SampleRepository(try makeFixture()).open()
    XCTAssertThrowsError(try repo.resolve("no-such-branch")) { error in
      guard let error = error as? GitError else { return XCTFail("not a GitError: \(error)") }
      XCTAssertEqual(error.kind, .notFound)
      XCTAssertEqual(error.code, -3)
      XCTAssertTrue(error.message.contains("no-such-branch"), error.message)
      XCTAssertTrue(error.message.count > "cannot resolve revision 'no-such-branch': ".count, error.message)
    }
    XCTAssertThrowsError(try repo.resolve("HEAD:README")) { error in
      XCTAssertEqual((error as? GitError)?.kind, .invalidSpec, "\(error)")
    }
    XCTAssertThrowsError(try repo.resolve("")) { error in
      XCTAssertEqual((error as? GitError)?.kind, .invalidSpec)
    }
    XCTAssertThrowsError(try repo.resolve("HEAD~99")) { error in
      XCTAssertEqual((error as? GitError)?.kind, .notFound, "\(error)")
    }
  }

  func testOpeningOutsideARepositoryIsNotFound() throws {
    let fixture = try makeFixture()
    let sample = try SampleRepository(fixture)
    try FileManager.default.createDirectory(atPath: fixture.path("work/x/y"), withIntermediateDirectories: true)
    let nested = try Repository(discoveringFrom: fixture.path("work/x/y"))
    XCTAssertEqual(try nested.resolve("HEAD").sha, sample.commits[4])
    XCTAssertNotNil(nested.workingDirectory)
    try FileManager.default.createDirectory(atPath: fixture.path("elsewhere"), withIntermediateDirectories: true)
    // The fixture lives under the system temp dir, which is not inside a repository.
    XCTAssertThrowsError(try Repository(discoveringFrom: fixture.path("elsewhere"))) { error in
      XCTAssertEqual((error as? GitError)?.kind, .notFound, "\(error)")
    }
  }

  func testReadsOldRevisionWhileWorkTreeDiffers() throws {
    let sample = try SampleRepository(try makeFixture())
    let repo = try sample.open()
    let v1 = try repo.fileTree(at: "v1")
    XCTAssertEqual(try v1.readFile("a.txt", limit: 1000), Array("two\n".utf8))
    XCTAssertEqual(try v1.readFile("./README", limit: 1000), Array("readme\n".utf8))
    XCTAssertEqual(try v1.listDirectory(""), ["README", "a.txt"])
    XCTAssertEqual(v1.displayName, "revision \(sample.commits[1].prefix(7)) (v1)")

    let previous = try repo.fileTree(at: "HEAD~1")
    XCTAssertEqual(try previous.readFile("docs/b.txt", limit: 1000), Array("three\n".utf8))
    XCTAssertEqual(try previous.listDirectory(""), ["README", "big.bin", "docs", "link", "sub"])
    XCTAssertEqual(try previous.listDirectory("docs"), ["b.txt"])
    XCTAssertEqual(previous.entryKind("docs"), .directory)
    XCTAssertEqual(previous.entryKind(""), .directory)
    XCTAssertEqual(previous.entryKind("docs/b.txt"), .file)
    XCTAssertNil(previous.entryKind("a.txt"))
    XCTAssertThrowsError(try previous.readFile("a.txt", limit: 10)) { error in
      XCTAssertEqual(error as? FileSystemError, .notFound(path: "a.txt"))
    }
    XCTAssertThrowsError(try previous.readFile("docs", limit: 10)) { error in
      XCTAssertEqual(error as? FileSystemError, .notAFile(path: "docs"))
    }
    XCTAssertThrowsError(try previous.listDirectory("README")) { error in
      XCTAssertEqual(error as? FileSystemError, .notADirectory(path: "README"))
    }
    XCTAssertThrowsError(try previous.readFile("../etc/passwd", limit: 10)) { error in
      guard case .invalidPath = error as? FileSystemError else { return XCTFail("\(error)") }
    }
    let sha = try repo.fileTree(at: sample.commits[0])
    XCTAssertEqual(sha.displayName, "revision \(sample.commits[0].prefix(7))")
  }

  func testSizeLimitIsEnforcedBeforeLoading() throws {
    let repo = try SampleRepository(try makeFixture()).open()
    let tree = try repo.fileTree(at: "HEAD")
    XCTAssertThrowsError(try tree.readFile("big.bin", limit: 99_999)) { error in
      XCTAssertEqual(error as? FileSystemError, .tooLarge(path: "big.bin", size: 100_000, limit: 99_999))
    }
    XCTAssertEqual(try tree.readFile("big.bin", limit: 100_000).count, 100_000)
  }

  func testSymlinkAndSubmoduleAreReportedNotFollowed() throws {
    let repo = try SampleRepository(try makeFixture()).open()
    let tree = try repo.fileTree(at: "HEAD~1")
    XCTAssertEqual(tree.entryKind("link"), .symlink)
    XCTAssertFalse(tree.isFile("link"))
    XCTAssertThrowsError(try tree.readFile("link", limit: 1000)) { error in
      XCTAssertEqual(error as? FileSystemError, .notAFile(path: "link"))
    }
    XCTAssertNil(tree.entryKind("sub"), "a submodule is not a file tree entry we read")
  }

  func testSnapshotIsSendableAndStableWhileBranchMoves() throws {
    let fixture = try makeFixture()
    let sample = try SampleRepository(fixture)
    let repo = try sample.open()
    let tree = try repo.fileTree(at: "main")
    try fixture.write("work/new.txt", "new\n")
    try fixture.commitAll("c6", in: sample.dir)
    XCTAssertNil(tree.entryKind("new.txt"), "the snapshot is the commit main pointed at when it was taken")
    let shared: any ReadOnlyFileSystem = tree
    let failures = ManagedCounter()
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<25 where (try? shared.readFile("big.bin", limit: 200_000).count) != 100_000 {
        failures.increment()
      }
    }
    XCTAssertEqual(failures.value, 0)
  }
}

/// A thread-safe counter for concurrency tests.
final class ManagedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}

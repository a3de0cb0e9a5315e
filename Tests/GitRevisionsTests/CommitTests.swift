import Foundation
import GitRevisions
import VirtualFileSystem
import XCTest

final class CommitTests: XCTestCase {
  let bot = GitSignature(name: "Paved Bot", email: "bot@example.com", time: GitTime(secondsSince1970: 1_700_000_000))

  func testCommitToNewBranchThenExistingBranchThenNoEmptyCommit() throws {
    let fixture = try makeFixture()
    try fixture.initRepository("repo")
    try fixture.write("repo/untouched.txt", "work tree file\n")
    let repo = try Repository(discoveringFrom: fixture.path("repo"))

    let files1: [String: [UInt8]] = [
      "deploy/a.yaml": Array("a: 1\n".utf8),
      "deploy/nested/b.yaml": Array("b: 2\n".utf8),
      "top.txt": Array("top\n".utf8),
    ]
    let message = CommitMessage(
      summary: "deploy: plan 1", body: "Rendered by paved.",
      trailers: [.init("Paved-Plan", "sha256:abc"), .init("Paved-Source", "1234567")])
    let first = try repo.commit(files: files1, toBranch: "deploy/prod", message: message.text, author: bot)
    guard case .created(let sha1, let parent1) = first else { return XCTFail("\(first)") }
    XCTAssertNil(parent1)
    XCTAssertEqual(try fixture.git("rev-parse", "refs/heads/deploy/prod", in: "repo"), sha1)
    XCTAssertEqual(try fixture.git("show", "deploy/prod:deploy/nested/b.yaml", in: "repo"), "b: 2")
    XCTAssertEqual(
      try fixture.git("log", "-1", "--format=%(trailers:key=Paved-Plan,valueonly)", "deploy/prod", in: "repo"),
      "sha256:abc")
    XCTAssertEqual(
      try fixture.git("log", "-1", "--format=%an <%ae> %at", "deploy/prod", in: "repo"),
      "Paved Bot <bot@example.com> 1700000000")
    XCTAssertEqual(
      try fixture.git("log", "-1", "--format=%B", "deploy/prod", in: "repo"),
      "deploy: plan 1\n\nRendered by paved.\n\nPaved-Plan: sha256:abc\nPaved-Source: 1234567")
    try fixture.git("fsck", "--strict", in: "repo")

    var files2 = files1
    files2["deploy/a.yaml"] = Array("a: 3\n".utf8)
    files2["top.txt"] = nil
    let second = try repo.commit(files: files2, toBranch: "deploy/prod", message: "deploy: plan 2\n", author: bot)
    XCTAssertEqual(second, .created(sha: second.sha, parent: sha1))
    XCTAssertEqual(try fixture.git("rev-parse", "deploy/prod~1", in: "repo"), sha1)
    XCTAssertEqual(
      try fixture.git("ls-tree", "-r", "--name-only", "deploy/prod", in: "repo"),
      "deploy/a.yaml\ndeploy/nested/b.yaml")

    let third = try repo.commit(files: files2, toBranch: "deploy/prod", message: "deploy: plan 3\n", author: bot)
    XCTAssertEqual(third, .unchanged(sha: second.sha))
    XCTAssertEqual(try fixture.git("rev-list", "--count", "deploy/prod", in: "repo"), "2")

    // Nothing was checked out or staged; the work tree only has what we wrote by hand.
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: fixture.path("repo")).sorted(),
      [".git", "untouched.txt"])
    XCTAssertEqual(try fixture.git("status", "--porcelain", in: "repo"), "?? untouched.txt")

    // Reading back through the file tree.
    let tree = try repo.fileTree(at: "deploy/prod")
    XCTAssertEqual(try tree.readFile("deploy/a.yaml", limit: 100), Array("a: 3\n".utf8))
    XCTAssertEqual(
      try repo.history(of: "deploy/a.yaml", from: "deploy/prod").map(\.summary),
      ["deploy: plan 2", "deploy: plan 1"])
  }

  func testCommitOnTopOfAnExistingGitBranch() throws {
    let fixture = try makeFixture()
    let sample = try SampleRepository(fixture)
    let repo = try sample.open()
    let result = try repo.commit(
      files: ["only.txt": Array("x".utf8)], toBranch: "main", message: "replace everything\n", author: bot)
    XCTAssertEqual(result, .created(sha: result.sha, parent: sample.commits[4]))
    XCTAssertEqual(try repo.fileTree(at: "main").listDirectory(""), ["only.txt"])
  }

  func testRejectsBadInput() throws {
    let fixture = try makeFixture()
    try fixture.initRepository("repo")
    let repo = try Repository(discoveringFrom: fixture.path("repo"))
    for branch in ["", "bad..name", "ends.lock", "with space"] {
      XCTAssertThrowsError(try repo.commit(files: [:], toBranch: branch, message: "m", author: bot)) { error in
        XCTAssertEqual((error as? GitError)?.kind, .invalidSpec, "\(branch): \(error)")
      }
    }
    let clashes: [[String: [UInt8]]] = [["a": [1], "a/b": [2]], ["../x": [1]], ["/abs": [1]], ["x/.git/config": [1]]]
    for files in clashes {
      XCTAssertThrowsError(try repo.commit(files: files, toBranch: "b", message: "m", author: bot)) { error in
        XCTAssertEqual((error as? GitError)?.kind, .invalidSpec, "\(files.keys): \(error)")
      }
    }
    XCTAssertThrowsError(try fixture.git("rev-parse", "--verify", "-q", "refs/heads/b", in: "repo"))
  }

  func testAnIncrementalCommitRebuildsOnlyWhatChanged() throws {
    let fixture = try makeFixture()
    try fixture.initRepository("repo")
    let repo = try Repository(discoveringFrom: fixture.path("repo"))
    let files: [String: [UInt8]] = [
      "deploy/prod/a.yaml": Array("a: 1\n".utf8), "deploy/prod/b.yaml": Array("b: 1\n".utf8),
      "deploy/dev/c.yaml": Array("c: 1\n".utf8), "deploy/gone/d.yaml": Array("d: 1\n".utf8), "README.md": Array("hi\n".utf8),
    ]
    guard case .created(let first, _) = try repo.commit(files: files, toBranch: "deploy", message: "one\n", author: bot) else { return XCTFail() }
    let devTree = try fixture.git("rev-parse", "deploy:deploy/dev", in: "repo")
    let (result, stats) = try repo.commit(
      changes: [
        ("deploy/prod/a.yaml", .bytes(Array("a: 2\n".utf8))), ("deploy/prod/b.yaml", .blob(try BlobWriter.id(of: Array("b: 1\n".utf8)))),
        ("deploy/prod/new.yaml", .blob(try repo.blobWriter().write(Array("n: 1\n".utf8)))), ("deploy/gone/d.yaml", .delete),
      ],
      onto: "deploy", expectedTip: first, message: { idOf in "two\n\nprod: \(idOf("deploy/prod")?.hex ?? "none")\n" }, author: bot)
    guard case .created(_, let parent) = result else { return XCTFail("\(result)") }
    XCTAssertEqual(parent, first)
    XCTAssertEqual(stats, CommitStats(created: 1, updated: 1, deleted: 1), "b.yaml's bytes are unchanged: not rewritten")
    XCTAssertEqual(try fixture.git("rev-parse", "deploy:deploy/dev", in: "repo"), devTree, "an untouched directory keeps its tree")
    XCTAssertEqual(try fixture.git("show", "deploy:deploy/prod/a.yaml", in: "repo"), "a: 2")
    XCTAssertEqual(try fixture.git("show", "deploy:README.md", in: "repo"), "hi", "files outside the changes are kept")
    XCTAssertEqual(
      try fixture.git("ls-tree", "--name-only", "deploy:deploy", in: "repo").split(separator: "\n"), ["dev", "prod"], "an emptied directory is gone")
    // The same changes again: nothing to commit.
    XCTAssertEqual(
      try fixture.git("log", "-1", "--format=%b", "deploy", in: "repo"), "prod: " + (try fixture.git("rev-parse", "deploy:deploy/prod", in: "repo")),
      "the message is written knowing the new tree")
    // Changes computed against a tip that has moved since are refused.
    XCTAssertThrowsError(try repo.commit(changes: [("x", .delete)], onto: "deploy", expectedTip: first, message: { _ in "stale\n" }, author: bot)) {
      error in
      XCTAssertEqual((error as? GitError)?.kind, .conflict)
    }
    let again = try repo.commit(
      changes: [("deploy/prod/a.yaml", .bytes(Array("a: 2\n".utf8)))], onto: "deploy", message: { _ in "three\n" }, author: bot)
    XCTAssertEqual(again.stats, CommitStats())
    guard case .unchanged = again.result else { return XCTFail("\(again.result)") }
  }
}

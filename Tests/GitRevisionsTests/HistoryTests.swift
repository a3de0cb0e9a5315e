import Foundation
import GitRevisions
import XCTest

final class HistoryTests: XCTestCase {
  func testHistoryOfRenamedAndDeletedPaths() throws {
    let sample = try SampleRepository(try makeFixture())
    let repo = try sample.open()
    let c = sample.commits

    // a.txt: added (c1), edited (c2), renamed away (c3). Renames are not followed.
    let a = try repo.history(of: "a.txt")
    XCTAssertEqual(a.map(\.sha), [c[2], c[1], c[0]])
    XCTAssertEqual(a.map(\.summary), ["c3: rename a to docs/b", "c2: edit a", "c1: add a"])
    XCTAssertEqual(a.first?.authorName, "Test Author")
    XCTAssertEqual(a.first?.authorEmail, "author@example.com")
    XCTAssertEqual(a.first?.parents, [c[1]])
    if let first = a.first, let last = a.last { XCTAssertGreaterThan(first.time, last.time) }

    // docs/b.txt: created by the rename (c3), edited (c4), deleted (c5).
    XCTAssertEqual(try repo.history(of: "docs/b.txt").map(\.sha), [c[4], c[3], c[2]])
    // A directory's history is that of its tree entry.
    XCTAssertEqual(try repo.history(of: "docs").map(\.sha), [c[4], c[3], c[2]])
    XCTAssertEqual(try repo.history(of: "README").map(\.sha), [c[0]])
    // From an older revision, with a limit.
    XCTAssertEqual(try repo.history(of: "a.txt", from: "v1").map(\.sha), [c[1], c[0]])
    XCTAssertEqual(try repo.history(of: "docs/b.txt", limit: 2).map(\.sha), [c[4], c[3]])
    XCTAssertEqual(try repo.history(of: "never-existed").count, 0)
    XCTAssertEqual(try repo.history(of: "").count, 5, "the root tree changes in every commit")
    XCTAssertThrowsError(try repo.history(of: "../x")) { error in
      XCTAssertEqual((error as? GitError)?.kind, .invalidSpec)
    }
  }

  func testMergeIsListedOnlyWhenItDiffersFromEveryParent() throws {
    let fixture = try makeFixture()
    try fixture.initRepository("m")
    try fixture.write("m/f.txt", "base\n")
    try fixture.write("m/g.txt", "base\n")
    let base = try fixture.commitAll("base", in: "m")
    try fixture.git("checkout", "-q", "-b", "side", in: "m")
    try fixture.write("m/f.txt", "side\n")
    let side = try fixture.commitAll("side edits f", in: "m")
    try fixture.git("checkout", "-q", "main", in: "m")
    try fixture.write("m/g.txt", "main\n")
    let mainEdit = try fixture.commitAll("main edits g", in: "m")
    try fixture.git("merge", "-q", "--no-edit", "side", in: "m")
    let merge = try fixture.git("rev-parse", "HEAD", in: "m")
    XCTAssertNotEqual(merge, side)
    let repo = try Repository(discoveringFrom: fixture.path("m"))
    XCTAssertEqual(try repo.history(of: "f.txt").map(\.sha), [side, base])
    XCTAssertEqual(try repo.history(of: "g.txt").map(\.sha), [mainEdit, base])
    // Along first parents only, the merge is where f.txt changed.
    XCTAssertEqual(try repo.history(of: "f.txt", firstParentOnly: true).map(\.sha), [merge, base])
    // Across branches, newest commit time first (side was committed before mainEdit).
    XCTAssertEqual(try repo.history(of: "").map(\.sha), [merge, mainEdit, side, base])
    XCTAssertEqual(try repo.history(of: "", firstParentOnly: true).map(\.sha), [merge, mainEdit, base])
  }

  func testHistoryInTwoThousandCommits() throws {
    let fixture = try makeFixture()
    try fixture.initRepository("big")
    let stream = FastImportHistory(commits: 2000)
    try fixture.fastImport(stream.text, in: "big")
    let repo = try Repository(discoveringFrom: fixture.path("big"))

    let all = try repo.history(of: "dir/tracked.txt", limit: 10_000)
    XCTAssertEqual(all.map(\.summary), stream.trackedChanges.reversed().map { "commit \($0)" })
    XCTAssertEqual(all.count, stream.trackedChanges.count)
    XCTAssertEqual(
      try repo.history(of: "dir/tracked.txt", limit: 10).map(\.summary),
      stream.trackedChanges.reversed().prefix(10).map { "commit \($0)" })
    XCTAssertEqual(try repo.history(of: "noise.txt", limit: 10_000).count, 2000)
    let tree = try repo.fileTree(at: "HEAD~1")
    XCTAssertEqual(try tree.readFile("noise.txt", limit: 100), Array("noise 1998\n".utf8))
  }
}

/// A linear `git fast-import` stream: `noise.txt` changes in every commit, `dir/tracked.txt`
/// every 7th and at 1003, and is deleted at commit 1000 (re-added at 1001).
struct FastImportHistory {
  let text: String
  /// Indices of the commits that changed `dir/tracked.txt`, oldest first.
  let trackedChanges: [Int]

  init(commits: Int) {
    var out = ""
    out.reserveCapacity(commits * 220)
    var changes: [Int] = []
    for index in 0..<commits {
      let message = "commit \(index)\n"
      let noise = "noise \(index)\n"
      let time = 1_600_000_000 + index * 60
      out += "commit refs/heads/main\nmark :\(index + 1)\n"
      out += "author Bulk <bulk@example.com> \(time) +0000\ncommitter Bulk <bulk@example.com> \(time) +0000\n"
      out += "data \(message.utf8.count)\n\(message)"
      out += "M 100644 inline noise.txt\ndata \(noise.utf8.count)\n\(noise)"
      if index == 1000 {
        out += "D dir/tracked.txt\n"
        changes.append(index)
      } else if index % 7 == 0 || index == 1003 {
        let tracked = "tracked \(index)\n"
        out += "M 100644 inline dir/tracked.txt\ndata \(tracked.utf8.count)\n\(tracked)"
        changes.append(index)
      }
      out += "\n"
    }
    text = out
    trackedChanges = changes
  }
}

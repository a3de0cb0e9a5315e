import Foundation
import GitRevisions
import XCTest

/// Timings on a 10,000-commit repository; runs only with `PAVED_GIT_BENCH=1` (it prints, it does not gate).
final class BenchmarkTests: XCTestCase {
  func testTenThousandCommitTimings() throws {
    guard ProcessInfo.processInfo.environment["PAVED_GIT_BENCH"] == "1" else {
      throw XCTSkip("set PAVED_GIT_BENCH=1 to run the 10,000-commit timings")
    }
    let fixture = try makeFixture()
    try fixture.initRepository("big")
    let commits = 10_000
    let importStart = Date()
    try fixture.fastImport(Self.stream(commits: commits), in: "big")
    let importSeconds = Date().timeIntervalSince(importStart)

    func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
      let start = DispatchTime.now().uptimeNanoseconds
      let value = try body()
      return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    let (repo, openMs) = try measure { try Repository(discoveringFrom: fixture.path("big")) }
    let (bytes, readMs) = try measure { try repo.fileTree(at: "HEAD~1").readFile("src/d1/f37.txt", limit: 1 << 20) }
    XCTAssertFalse(bytes.isEmpty)
    let tree = try repo.fileTree(at: "HEAD~1")
    let (_, readAgainMs) = try measure { try tree.readFile("src/d1/f38.txt", limit: 1 << 20) }
    let (all, historyMs) = try measure { try repo.history(of: "src/d1/f37.txt", limit: 100_000) }
    XCTAssertEqual(all.count, commits / 50)
    let (recent, recentMs) = try measure { try repo.history(of: "src/d1/f37.txt", limit: 20) }
    XCTAssertEqual(recent.count, 20)
    let (dir, dirMs) = try measure { try repo.history(of: "src/d1", limit: 100_000) }
    XCTAssertGreaterThan(dir.count, all.count)
    print(
      """
      BENCH fast-import of \(commits) commits: \(String(format: "%.2f", importSeconds)) s
      BENCH open repository: \(String(format: "%.2f", openMs)) ms
      BENCH resolve HEAD~1 + read one file: \(String(format: "%.2f", readMs)) ms (another file from the same tree: \(String(format: "%.2f", readAgainMs)) ms)
      BENCH history of one file, whole walk (\(all.count) hits): \(String(format: "%.1f", historyMs)) ms
      BENCH history of one file, limit 20: \(String(format: "%.1f", recentMs)) ms
      BENCH history of a directory, whole walk (\(dir.count) hits): \(String(format: "%.1f", dirMs)) ms
      """)
  }

  /// 200 files in 10 directories; every commit edits one file, `src/d1/f37.txt` every 50th commit.
  static func stream(commits: Int) -> String {
    var out = ""
    for index in 0..<commits {
      let message = "commit \(index)\n"
      let time = 1_600_000_000 + index * 60
      out += "commit refs/heads/main\nmark :\(index + 1)\n"
      out += "author Bulk <bulk@example.com> \(time) +0000\ncommitter Bulk <bulk@example.com> \(time) +0000\n"
      out += "data \(message.utf8.count)\n\(message)"
      if index == 0 {
        for file in 0..<200 {
          let content = "file \(file) version 0\n" + String(repeating: "line of text\n", count: 20)
          out += "M 100644 inline src/d\(file / 20)/f\(file).txt\ndata \(content.utf8.count)\n\(content)"
        }
      } else {
        let file = index % 50 == 0 ? 37 : (index * 7) % 200 == 37 ? 38 : (index * 7) % 200
        let content = "file \(file) version \(index)\n" + String(repeating: "line of text\n", count: 20)
        out += "M 100644 inline src/d\(file / 20)/f\(file).txt\ndata \(content.utf8.count)\n\(content)"
      }
      out += "\n"
    }
    return out
  }
}

import Foundation
import Planning
import XCTest

/// `LineDiff.unified` against `diff -u` (GNU diffutils) on the same texts: the same hunks, line for line.
final class LineDiffTests: XCTestCase {
  private func gnuDiff(_ a: String, _ b: String) throws -> String? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/diff") else { return nil }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linediff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(a.utf8).write(to: dir.appendingPathComponent("a"))
    try Data(b.utf8).write(to: dir.appendingPathComponent("b"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
    process.arguments = ["-u", "--label", "a", "--label", "b", "a", "b"]
    process.currentDirectoryURL = dir
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  func testEqualTextsHaveNoDiff() {
    XCTAssertEqual(LineDiff.unified("a\nb\n", "a\nb\n", oldName: "a", newName: "b"), "")
  }

  func testOneChangedLine() {
    let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
    XCTAssertEqual(
      LineDiff.unified(old, new, oldName: "a", newName: "b"),
      """
      --- a
      +++ b
      @@ -2,7 +2,7 @@
       line 2
       line 3
       line 4
      -line 5
      +line five
       line 6
       line 7
       line 8

      """)
  }

  /// Random edits of a random file: where the edit is unambiguous (distinct lines), the hunks are
  /// exactly GNU diff's.
  func testRandomEditsMatchGNUDiff() throws {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<60 {
      let count = Int.random(in: 0...40, using: &rng)
      let old = (0..<count).map { "line \($0)" }
      var new = old
      var serial = 0
      func fresh(_ prefix: String) -> String {
        serial += 1
        return "\(prefix) \(serial)"  // every line distinct: one longest common subsequence
      }
      for _ in 0..<Int.random(in: 1...4, using: &rng) {
        switch Int.random(in: 0...2, using: &rng) {
        case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &rng))
        case 1: new.insert(fresh("new"), at: Int.random(in: 0...new.count, using: &rng))
        default: if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &rng)] = fresh("changed") }
        }
      }
      let a = old.map { $0 + "\n" }.joined()
      let b = new.map { $0 + "\n" }.joined()
      guard let expected = try gnuDiff(a, b) else { throw XCTSkip("/usr/bin/diff not installed") }
      XCTAssertEqual(LineDiff.unified(a, b, oldName: "a", newName: "b"), expected, "old: \(old)\nnew: \(new)")
    }
  }
}

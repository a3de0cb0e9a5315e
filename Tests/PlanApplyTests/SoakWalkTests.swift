import Foundation
import GitRevisions
import TestSupport
import XCTest

@testable import Driver

/// The parallel soak walk gives the answer of reading the versions one by one, newest first: on
/// random first-parent histories of a pin that goes back and forth among a few versions.
final class SoakWalkTests: XCTestCase {
  func testTheParallelWalkAgreesWithASequentialOneOnRandomHistories() throws {
    var rng = SystemRandomNumberGenerator()
    for round in 0..<8 {
      let repo = PlatformRepo()
      addTeardownBlock { repo.remove() }
      try repo.git("-c", "init.defaultBranch=main", "init", "-q")
      var stream = ""
      let versions = ["1.0.0", "1.1.0", "1.2.0"]
      func pin(_ v: String) -> String {
        PlatformRepo.environmentHeader("dev")
          + "  models:\n    ranker: { version: \(v), artifact: s3://models/ranker/\(v), digest: \"sha256:\(String(repeating: "ab", count: 32))\" }\n"
      }
      var current = "1.0.0"
      func file(_ path: String, _ text: String) -> String { "M 100644 inline \(path)\ndata \(text.utf8.count)\n\(text)\n" }
      // One fast-import stream: a first-parent history in which the pin moves among a few versions,
      // the file often changes without moving it, and other files change too.
      for c in 0..<Int.random(in: 30...300, using: &rng) {
        let message = "commit \(c)\n"
        stream += "commit refs/heads/main\ncommitter t <t@e> \(1_700_000_000 + 60 * c) +0000\ndata \(message.utf8.count)\n\(message)"
        switch Int.random(in: 0...3, using: &rng) {
        case 0: current = versions.randomElement(using: &rng)!
        case 1: stream += file("other.txt", "\(c)\n")
        default: break
        }
        stream += file("environments/dev.yaml", pin(current) + (Bool.random(using: &rng) ? "    # note \(c)\n" : "")) + "\n"
      }
      let imported = try Subprocess.run(["git", "fast-import", "--quiet"], cwd: repo.root, environment: repo.environment, stdin: stream)
      XCTAssertEqual(imported.status, 0, imported.stderr)
      let repository = try Repository(discoveringFrom: repo.root)
      let candidate = PromotionEdit.Pin(
        version: current, artifact: "s3://models/ranker/\(current)", digest: "sha256:" + String(repeating: "ab", count: 32))
      var expected: String?
      try repository.changes(of: "environments/dev.yaml", firstParentOnly: true) { commit, bytes in
        guard let bytes, Soak.pin("ranker", in: bytes) == candidate else { return false }
        expected = commit.sha
        return true
      }
      let found = try Soak.start(repository: repository, file: "environments/dev.yaml", model: "ranker", candidate: candidate, revision: "HEAD")
      XCTAssertEqual(found?.sha, expected, "round \(round)")
      XCTAssertNotNil(found)
      let other = PromotionEdit.Pin(version: "9.9.9", artifact: "x", digest: "y")
      XCTAssertNil(try Soak.start(repository: repository, file: "environments/dev.yaml", model: "ranker", candidate: other, revision: "HEAD"))
    }
  }
}

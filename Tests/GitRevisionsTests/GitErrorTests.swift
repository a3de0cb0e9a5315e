import GitRevisions
import XCTest

final class GitErrorTests: XCTestCase {
  func testSecretsAndURLCredentialsAreScrubbed() {
    let error = GitError(
      kind: .auth, message: "push to https://bot:tok123@example.com/r.git failed; token tok123 refused",
      code: -16, errorClass: 34, secrets: ["tok123"])
    XCTAssertEqual(error.message, "push to https://***@example.com/r.git failed; token *** refused")
    XCTAssertFalse(error.description.contains("tok123"))
    XCTAssertTrue(error.description.contains("libgit2 code -16"))
    XCTAssertEqual(GitError(kind: .other, message: "git://host/x and /plain/path").message, "git://host/x and /plain/path")
  }

  func testFileTreeOutlivesTheRepositoryObject() throws {
    let sample = try SampleRepository(try makeFixture())
    var tree: GitTreeFileSystem?
    do {
      let repo = try sample.open()
      tree = try repo.fileTree(at: "v1")
    }
    XCTAssertEqual(try tree?.readFile("a.txt", limit: 10), Array("two\n".utf8))
  }
}

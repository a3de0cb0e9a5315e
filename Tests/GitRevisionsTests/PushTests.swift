import Foundation
import GitRevisions
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class PushTests: XCTestCase {
  let bot = GitSignature(name: "Paved Bot", email: "bot@example.com")

  /// A local repository with a `deploy` branch made through the commit API, and an empty bare remote.
  private func makeRepositories(_ fixture: GitFixture) throws -> Repository {
    try fixture.initRepository("local")
    try fixture.initRepository("remote.git", bare: true)
    let repo = try Repository(discoveringFrom: fixture.path("local"))
    _ = try repo.commit(files: ["a.txt": Array("1\n".utf8)], toBranch: "deploy", message: "one\n", author: bot)
    return repo
  }

  func testPushToBareRepositoryByPathAndByRemoteName() throws {
    let fixture = try makeFixture()
    let repo = try makeRepositories(fixture)
    let remotePath = fixture.path("remote.git")

    let pushed = try repo.push(branch: "deploy", to: remotePath)
    XCTAssertEqual(pushed.remoteReference, "refs/heads/deploy")
    XCTAssertEqual(try fixture.git("--git-dir=\(remotePath)", "log", "--format=%H", "deploy"), pushed.sha)

    // A fast-forward through a configured remote name, to another branch name.
    try fixture.git("remote", "add", "origin", remotePath, in: "local")
    let second = try repo.commit(
      files: ["a.txt": Array("2\n".utf8)], toBranch: "deploy", message: "two\n", author: bot)
    let again = try repo.push(branch: "deploy", to: "origin", options: PushOptions(remoteBranch: "release"))
    XCTAssertEqual(again.sha, second.sha)
    XCTAssertEqual(try fixture.git("--git-dir=\(remotePath)", "rev-list", "--count", "release"), "2")
    XCTAssertEqual(try fixture.git("--git-dir=\(remotePath)", "show", "release:a.txt"), "2")
  }

  func testNonFastForwardIsAConflictUnlessForced() throws {
    let fixture = try makeFixture()
    let repo = try makeRepositories(fixture)
    let remotePath = "file://" + fixture.path("remote.git")
    _ = try repo.push(branch: "deploy", to: remotePath)
    // An unrelated root commit on another local branch, pushed over the remote's deploy.
    let other = try repo.commit(files: ["b.txt": [1]], toBranch: "other", message: "other\n", author: bot)
    XCTAssertThrowsError(try repo.push(branch: "other", to: remotePath, options: PushOptions(remoteBranch: "deploy"))) {
      error in
      XCTAssertEqual((error as? GitError)?.kind, .conflict, "\(error)")
    }
    _ = try repo.push(branch: "other", to: remotePath, options: PushOptions(remoteBranch: "deploy", force: true))
    XCTAssertEqual(try fixture.git("--git-dir=\(fixture.path("remote.git"))", "rev-parse", "deploy"), other.sha)
    XCTAssertThrowsError(try repo.push(branch: "missing", to: remotePath)) { error in
      XCTAssertEqual((error as? GitError)?.kind, .notFound, "\(error)")
    }
  }

  /// A forced push with a lease replaces only what the same tool made: a tip whose message has the
  /// line. Someone else's commit there (a fresh clone does not have it: it is fetched first) is a
  /// conflict, and the remote keeps it.
  func testTheLeaseReplacesOnlyTheToolsOwnCommits() throws {
    let fixture = try makeFixture()
    let repo = try makeRepositories(fixture)
    let remotePath = fixture.path("remote.git")
    let lease = PushOptions(force: true, replaceOnlyTipsWithLine: "Made-By: bot ")
    _ = try repo.commit(files: ["b.txt": [1]], toBranch: "bot", message: "first\n\nMade-By: bot 1\n", author: bot)
    _ = try repo.push(branch: "bot", to: remotePath, options: lease)  // absent: created
    let rebuilt = try repo.commit(files: ["b.txt": [2]], toBranch: "rebuilt", message: "second\n\nMade-By: bot 2\n", author: bot)
    var options = lease
    options.remoteBranch = "bot"
    _ = try repo.push(branch: "rebuilt", to: remotePath, options: options)  // the bot's own tip: replaced
    XCTAssertEqual(try fixture.git("--git-dir=\(remotePath)", "rev-parse", "bot"), rebuilt.sha)

    // Someone commits on top, from a clone of their own.
    try fixture.git("clone", "-q", "--branch", "bot", remotePath, fixture.path("human"))
    try fixture.git("commit", "-q", "--allow-empty", "-m", "fix the digest", in: "human")
    try fixture.git("push", "-q", "origin", "bot", in: "human")
    let theirs = try fixture.git("--git-dir=\(remotePath)", "rev-parse", "bot")
    XCTAssertThrowsError(try repo.push(branch: "rebuilt", to: remotePath, options: options)) { error in
      XCTAssertEqual((error as? GitError)?.kind, .conflict, "\(error)")
      XCTAssertTrue((error as? GitError)?.message.contains("\"fix the digest\" by ") == true, "\(error)")
    }
    XCTAssertEqual(try fixture.git("--git-dir=\(remotePath)", "rev-parse", "bot"), theirs, "their commit stays")
    // Without the lease, force is force.
    _ = try repo.push(branch: "rebuilt", to: remotePath, options: PushOptions(remoteBranch: "bot", force: true))
    XCTAssertEqual(try fixture.git("--git-dir=\(remotePath)", "rev-parse", "bot"), rebuilt.sha)
  }

  func testPushOverGitDaemon() throws {
    let fixture = try makeFixture()
    let repo = try makeRepositories(fixture)
    let port = try freeLoopbackPort()
    let daemon = Process()
    daemon.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    daemon.arguments = [
      "git", "daemon", "--reuseaddr", "--base-path=\(fixture.root)", "--export-all", "--enable=receive-pack",
      "--listen=127.0.0.1", "--port=\(port)", fixture.root,
    ]
    daemon.environment = fixture.environment()
    daemon.standardOutput = FileHandle.nullDevice
    daemon.standardError = FileHandle.nullDevice
    try daemon.run()
    // Stopped when the test ends, whatever happens in it.
    addTeardownBlock {
      if daemon.isRunning {
        daemon.terminate()
        daemon.waitUntilExit()
      }
    }
    try waitForListener(port: port)

    let pushed = try repo.push(branch: "deploy", to: "git://127.0.0.1:\(port)/remote.git")
    XCTAssertEqual(try fixture.git("--git-dir=\(fixture.path("remote.git"))", "log", "--format=%H", "deploy"), pushed.sha)
  }

  func testHTTPAuthFailureNeverShowsTheToken() throws {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/python3") })
    else { throw missingTool("python3 is not on PATH") }
    let fixture = try makeFixture()
    let repo = try makeRepositories(fixture)
    let port = try freeLoopbackPort()
    // A server that demands credentials and refuses every one.
    let script = """
      import http.server, sys
      class H(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              self.send_response(401)
              self.send_header('WWW-Authenticate', 'Basic realm="test"')
              self.send_header('Content-Length', '0')
              self.end_headers()
          do_POST = do_GET
          def log_message(self, *a): pass
      http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
      """
    let server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", "-c", script, "\(port)"]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    addTeardownBlock {
      if server.isRunning {
        server.terminate()
        server.waitUntilExit()
      }
    }
    try waitForListener(port: port)

    let variable = "PAVED_GIT_TEST_TOKEN_\(getpid())"
    let token = "s3cr3t-token-\(UUID().uuidString)"
    setenv(variable, token, 1)
    defer { unsetenv(variable) }
    let options = PushOptions(tokenEnvironmentVariable: variable)
    XCTAssertThrowsError(try repo.push(branch: "deploy", to: "http://127.0.0.1:\(port)/r.git", options: options)) {
      error in
      guard let error = error as? GitError else { return XCTFail("\(error)") }
      XCTAssertEqual(error.kind, .auth, "\(error)")
      XCTAssertTrue(error.message.contains(variable), error.message)
      XCTAssertFalse("\(error)".contains(token))
    }
    // Credentials written into the URL are scrubbed too.
    let url = "http://someone:\(token)@127.0.0.1:\(port)/r.git"
    XCTAssertThrowsError(try repo.push(branch: "deploy", to: url, options: options)) { error in
      guard let error = error as? GitError else { return XCTFail("\(error)") }
      XCTAssertTrue([.auth, .network].contains(error.kind), "\(error)")
      XCTAssertFalse("\(error)".contains(token), "\(error)")
    }
    // No token at all: an auth error that says which variable to set.
    unsetenv(variable)
    XCTAssertThrowsError(try repo.push(branch: "deploy", to: "http://127.0.0.1:\(port)/r.git", options: options)) {
      error in
      XCTAssertEqual((error as? GitError)?.kind, .auth, "\(error)")
    }
  }

  // MARK: - Helpers

  /// A TCP port on 127.0.0.1 that was free a moment ago.
  private func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FixtureError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard bound else { throw FixtureError("bind failed") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Waits (at most 10 s) until something accepts connections on 127.0.0.1:`port`.
  private func waitForListener(port: Int) throws {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(port).bigEndian)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
      }
      close(fd)
      if connected { return }
      usleep(50_000)
    }
    throw FixtureError("nothing listens on 127.0.0.1:\(port)")
  }
}

import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A temporary directory with helpers to drive the `git` CLI in it, independent of the machine's git config.
final class GitFixture {
  /// Absolute path of the temporary directory (removed by `remove()`).
  let root: String
  private var clock = 1_700_000_000

  init() throws {
    var template = Array((NSTemporaryDirectory() + "/paved-git-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw FixtureError("mkdtemp failed") }
    root = URL(fileURLWithPath: String(cString: made)).standardizedFileURL.path
  }

  /// Removes the directory and everything in it.
  func remove() { try? FileManager.default.removeItem(atPath: root) }

  /// `root/relative`.
  func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

  /// Runs `git args…` in `directory` (relative to root), returning trimmed stdout; throws on a non-zero exit.
  @discardableResult
  func git(_ args: [String], in directory: String = "", stdin: String? = nil) throws -> String {
    clock += 60
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + args
    process.currentDirectoryURL = URL(fileURLWithPath: path(directory))
    process.environment = environment(date: "\(clock) +0000")
    let out = Pipe()
    process.standardOutput = out
    let errPath = path(".stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    process.standardError = FileHandle(forWritingAtPath: errPath)
    if let stdin {
      let inPath = path(".stdin-\(UUID().uuidString)")
      try Data(stdin.utf8).write(to: URL(fileURLWithPath: inPath))
      defer { try? FileManager.default.removeItem(atPath: inPath) }
      process.standardInput = FileHandle(forReadingAtPath: inPath)
      try process.run()
    } else {
      process.standardInput = FileHandle.nullDevice
      try process.run()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0 else {
      let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      throw FixtureError("git \(args.joined(separator: " ")) failed (\(process.terminationStatus)): \(err)")
    }
    return text
  }

  /// Convenience: `git("commit", …)` style variadic form.
  @discardableResult
  func git(_ args: String..., in directory: String = "") throws -> String { try git(args, in: directory) }

  /// The environment every git process gets: fixed identity, no system/global config, a private HOME.
  func environment(date: String? = nil) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["GIT_AUTHOR_NAME"] = "Test Author"
    env["GIT_AUTHOR_EMAIL"] = "author@example.com"
    env["GIT_COMMITTER_NAME"] = "Test Committer"
    env["GIT_COMMITTER_EMAIL"] = "committer@example.com"
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["HOME"] = root
    if let date {
      env["GIT_AUTHOR_DATE"] = date
      env["GIT_COMMITTER_DATE"] = date
    }
    return env
  }

  /// Creates a non-bare repository at `relative` with branch `main`.
  func initRepository(_ relative: String, bare: Bool = false) throws {
    try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    try git(["-c", "init.defaultBranch=main", "init", "-q"] + (bare ? ["--bare"] : []), in: relative)
  }

  /// Writes a UTF-8 file at `relative`, creating parent directories.
  func write(_ relative: String, _ text: String) throws {
    try write(relative, bytes: Array(text.utf8))
  }

  /// Writes bytes at `relative`, creating parent directories.
  func write(_ relative: String, bytes: [UInt8]) throws {
    let url = URL(fileURLWithPath: path(relative))
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  /// Stages everything and commits in the repository at `directory`; returns the new HEAD SHA.
  @discardableResult
  func commitAll(_ message: String, in directory: String) throws -> String {
    try git("add", "-A", in: directory)
    try git("commit", "-q", "-m", message, in: directory)
    return try git("rev-parse", "HEAD", in: directory)
  }

  /// Feeds a `git fast-import` stream to the repository at `directory`.
  func fastImport(_ stream: String, in directory: String) throws {
    try git(["fast-import", "--quiet"], in: directory, stdin: stream)
  }
}

struct FixtureError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

extension XCTestCase {
  /// A fresh fixture whose directory is removed when the test ends, pass or fail.
  func makeFixture() throws -> GitFixture {
    let fixture = try GitFixture()
    addTeardownBlock { fixture.remove() }
    return fixture
  }
}

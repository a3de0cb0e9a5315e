import Artifacts
import EmitCI
import Foundation
import TestSupport
import XCTest

@testable import Driver

/// The CI files every example renders: golden files, and the workflow checkers of
/// ../shared/reference/policy-and-ci-checks.md §3 on them and on the project's own workflows.
final class CIWorkflowTests: XCTestCase {
  static let examples = GoldenTests.cases.filter { $0.directory != "." }

  /// What an example writes beside its spec: the whole files, and CODEOWNERS with Paved's block.
  static func ciFiles(_ directory: String) throws -> [String: [UInt8]] {
    let result = try GoldenTests.render(directory)
    let platform = try XCTUnwrap(result.platform, directory)
    var files: [String: [UInt8]] = [:]
    for artifact in CIEmitter.files(platform) { files[artifact.path] = artifact.contents }
    if let owners = CIEmitter.codeowners(platform) { files[owners.path] = Array(owners.block.utf8) }
    return files
  }

  func testEveryExampleHasCIAndMatchesItsGoldenFiles() throws {
    var providers: Set<String> = []
    for example in Self.examples {
      let files = try Self.ciFiles(example.directory)
      XCTAssertFalse(files.isEmpty, "\(example.name) has no ci section")
      if files.keys.contains(CIEmitter.gitlabInclude) { providers.insert("gitlab") }
      if files.keys.contains(CIEmitter.pullRequestWorkflow) { providers.insert("github") }
      Golden.assertTree(files, matches: RepoPaths.packageRoot.appendingPathComponent("Tests/DriverTests/Golden/ci/\(example.name)"))
    }
    XCTAssertEqual(providers, ["github", "gitlab"], "the examples cover both forges")
  }

  func testTheSameSpecRendersTheSameBytes() throws {
    for example in Self.examples {
      XCTAssertEqual(try Self.ciFiles(example.directory), try Self.ciFiles(example.directory), example.name)
    }
  }

  /// Each file's object (what plans diff) is what its bytes say: libyaml reads the bytes back to it.
  func testEveryWorkflowReadsBackToItsObject() throws {
    for example in Self.examples {
      let platform = try XCTUnwrap(try GoldenTests.render(example.directory).platform)
      for artifact in CIEmitter.files(platform) {
        let read = ManifestReader.artifact(path: artifact.path, bytes: artifact.contents).object
        XCTAssertEqual(read, artifact.object, "\(example.name) \(artifact.path)")
      }
    }
  }

  // MARK: Checkers

  private func tool(_ name: String) throws -> String {
    let path = RepoPaths.packageRoot.appendingPathComponent(".venv/bin/\(name)").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      print("skipping the workflow checkers: .venv/bin/\(name) not found (run `make venv`)")
      throw missingTool(".venv/bin/\(name) missing")
    }
    return path
  }

  /// Every example's files written under one directory per example; returns (GitHub workflows, GitLab files).
  private func writeExamples(to dir: URL) throws -> (github: [String], gitlab: [String]) {
    var github: [String] = []
    var gitlab: [String] = []
    for example in Self.examples {
      for (path, bytes) in try Self.ciFiles(example.directory) {
        let url = dir.appendingPathComponent(example.name).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        if path.hasPrefix(".github/workflows/") { github.append(url.path) }
        if path == CIEmitter.gitlabInclude { gitlab.append(url.path) }
      }
    }
    return (github, gitlab)
  }

  private var projectWorkflows: [String] {
    let dir = RepoPaths.packageRoot.appendingPathComponent(".github/workflows")
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yml") }.sorted().map {
      dir.appendingPathComponent($0).path
    }
  }

  func testWorkflowsPassTheSchemas() throws {
    let checker = try tool("check-jsonschema")
    let dir = RepoPaths.temporaryDirectory("paved-ci")
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = try writeExamples(to: dir)
    XCTAssertFalse(projectWorkflows.isEmpty, "the project has its own workflows")
    let github = try Subprocess.run([checker, "--builtin-schema", "vendor.github-workflows"] + files.github + projectWorkflows)
    XCTAssertEqual(github.status, 0, github.stdout + github.stderr)
    let gitlab = try Subprocess.run([checker, "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci"] + files.gitlab)
    XCTAssertEqual(gitlab.status, 0, gitlab.stdout + gitlab.stderr)
  }

  /// zizmor's pedantic persona finds nothing. (Its auditor persona also flags self-hosted runners,
  /// which one example asks for on purpose; the README says why that stays.)
  func testWorkflowsHaveNoZizmorFindings() throws {
    let zizmor = try tool("zizmor")
    let dir = RepoPaths.temporaryDirectory("paved-ci")
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = try writeExamples(to: dir)
    let run = try Subprocess.run([zizmor, "--offline", "--persona", "pedantic", "--no-progress"] + files.github + projectWorkflows)
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
  }

  func testWorkflowsPassActionlint() throws {
    let linter = try tool("jactionlint")
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck") else {
      print("skipping jactionlint: shellcheck not installed (make deps installs it)")
      throw missingTool("shellcheck missing")
    }
    let dir = RepoPaths.temporaryDirectory("paved-ci")
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = try writeExamples(to: dir)
    let run = try Subprocess.run([linter, "--oneline", "--no-color"] + files.github + projectWorkflows)
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    XCTAssertFalse(run.stdout.contains("shellcheck was not found"), run.stdout)
  }

  /// The checkers are not vacuous: a workflow with the flaws they exist for fails each of them.
  func testTheCheckersCatchAFlawedWorkflow() throws {
    let zizmor = try tool("zizmor")
    let linter = try tool("jactionlint")
    let dir = RepoPaths.temporaryDirectory("paved-ci")
    defer { try? FileManager.default.removeItem(at: dir) }
    let flawed = dir.appendingPathComponent("flawed.yml")
    try Data(
      """
      on: pull_request_target
      jobs:
        plan:
          runs-on: ubuntu-24.04
          steps:
            - uses: actions/checkout@v4
            - run: echo "${{ github.event.pull_request.title }}"

      """.utf8
    ).write(to: flawed)
    XCTAssertNotEqual(try Subprocess.run([zizmor, "--offline", "--no-progress", flawed.path]).status, 0)
    XCTAssertNotEqual(try Subprocess.run([linter, "--oneline", "--no-color", flawed.path]).status, 0)
  }
}

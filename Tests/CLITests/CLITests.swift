import Foundation
import TestSupport
import XCTest

/// The built `paved` binary: arguments, output streams, exit codes, and that failures write nothing.
final class CLITests: XCTestCase {
  var work: URL!

  override func setUpWithError() throws {
    guard RepoPaths.pavedBinary != nil else { throw missingTool("paved binary not built") }
    work = RepoPaths.temporaryDirectory("paved-cli")
    let fm = FileManager.default
    try fm.copyItem(
      at: RepoPaths.packageRoot.appendingPathComponent("examples/small-team/platform.yaml"), to: work.appendingPathComponent("platform.yaml"))
    try fm.copyItem(
      at: RepoPaths.packageRoot.appendingPathComponent("examples/small-team/environments"), to: work.appendingPathComponent("environments"))
  }

  override func tearDown() { if let work { try? FileManager.default.removeItem(at: work) } }

  private func paved(_ args: [String]) throws -> Subprocess.Result {
    try Subprocess.run([RepoPaths.pavedBinary ?? "paved"] + args, cwd: work.path)
  }

  private func breakSpec() throws {
    let url = work.appendingPathComponent("platform.yaml")
    var text = try String(contentsOf: url, encoding: .utf8)
    text = text.replacingOccurrences(of: "    - name: vision\n", with: "    - name: vision\n      colour: blue\n")
    text = text.replacingOccurrences(of: "capacity: 4", with: "capacity: 2")
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  func testBuildWritesTheTreeAndSaysSo() throws {
    let result = try paved(["build"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("wrote 62 files to deploy (dev, prod)"), result.stdout)
    for path in [
      "deploy/prod/cluster/namespace-vision-prod.yaml", "deploy/prod/tenants/vision/inferenceservice-detector.yaml",
      "deploy/gitops/kustomization.yaml",
    ] {
      XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent(path).path), path)
    }
  }

  func testBuildWithFsyncWritesTheSameTree() throws {
    XCTAssertEqual(try paved(["build", "--out", "plain"]).status, 0)
    let flushed = try paved(["build", "--fsync", "--out", "flushed"])
    XCTAssertEqual(flushed.status, 0, flushed.stderr)
    let file = "prod/cluster/clusterqueue-vision-prod.yaml"
    XCTAssertEqual(
      try Data(contentsOf: work.appendingPathComponent("flushed/" + file)), try Data(contentsOf: work.appendingPathComponent("plain/" + file)))
  }

  func testUserErrorsExitOneWithEveryErrorAndWriteNothing() throws {
    try breakSpec()
    let result = try paved(["build"])
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.stderr.contains("error[spec.unknown-key]: unknown key 'colour' in a tenant"), result.stderr)
    XCTAssertTrue(result.stderr.contains("--> platform.yaml:22:7"), result.stderr)
    XCTAssertTrue(result.stderr.contains("error[check.gpu-oversubscribed]"), result.stderr)
    XCTAssertTrue(result.stderr.contains("2 errors, 0 warnings"), result.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("deploy").path), "a failed build writes nothing")
  }

  func testAFailedBuildLeavesThePreviousOutputUntouched() throws {
    XCTAssertEqual(try paved(["build"]).status, 0)
    let file = work.appendingPathComponent("deploy/prod/cluster/clusterqueue-vision-prod.yaml")
    let before = try Data(contentsOf: file)
    try breakSpec()
    XCTAssertEqual(try paved(["build"]).status, 1)
    XCTAssertEqual(try Data(contentsOf: file), before)
  }

  func testJSONFormat() throws {
    try breakSpec()
    let result = try paved(["validate", "--format", "json"])
    XCTAssertEqual(result.status, 1)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["formatVersion"] as? Int, 1)
    XCTAssertEqual(object["ok"] as? Bool, false)
    let codes = (object["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
    XCTAssertEqual(codes, ["spec.unknown-key", "check.gpu-oversubscribed"])
  }

  func testGitHubAnnotations() throws {
    try breakSpec()
    let result = try paved(["validate", "--format", "github"])
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(
      result.stdout.contains("::error file=platform.yaml,line=22,col=7,endColumn=13,title=spec.unknown-key::unknown key 'colour' in a tenant"),
      result.stdout)
  }

  func testBuildOneEnvironmentAndRejectAnUnknownOne() throws {
    let one = try paved(["build", "--env", "prod", "--out", "out"])
    XCTAssertEqual(one.status, 0, one.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/prod").path))
    XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/dev").path))
    let bad = try paved(["build", "--env", "prdo"])
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("error[input.unknown-environment]: unknown environment 'prdo'"), bad.stderr)
    XCTAssertTrue(bad.stderr.contains("did you mean 'prod'?"), bad.stderr)
  }

  func testAForeignFileInTheWayIsRefusedAndNothingIsWritten() throws {
    let foreign = work.appendingPathComponent("deploy/prod/cluster/namespace-vision-prod.yaml")
    try FileManager.default.createDirectory(at: foreign.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("hand-written\n".utf8).write(to: foreign)
    let result = try paved(["build"])
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertTrue(result.stderr.contains("error[output.not-written]"), result.stderr)
    XCTAssertTrue(result.stderr.contains("namespace-vision-prod.yaml"), result.stderr)
    XCTAssertEqual(try String(contentsOf: foreign, encoding: .utf8), "hand-written\n", "a file paved did not write is never overwritten")
    XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("deploy/dev").path), "nothing else was written")
  }

  func testPlatformFlagAndMissingFile() throws {
    let result = try paved(["validate", "--platform", "nowhere/platform.yaml"])
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.stderr.contains("input.unreadable"), result.stderr)
  }

  func testBinaryInputIsAUserError() throws {
    try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: work.appendingPathComponent("platform.yaml"))
    let result = try paved(["validate"])
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.stderr.contains("yaml.binary-content"), result.stderr)
  }

  func testSchemaValidatesTheExamplesAndRejectsUnknownKeys() throws {
    let platform = try paved(["schema", "platform"])
    XCTAssertEqual(platform.status, 0)
    let environment = try paved(["schema", "environment"])
    XCTAssertEqual(environment.status, 0)
    for (name, text) in [("platform", platform.stdout), ("environment", environment.stdout)] {
      let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], name)
      XCTAssertEqual(object["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    }
    guard let python = RepoPaths.venvPython else { throw missingTool(".venv missing (make venv): the JSON Schema check of the examples") }
    let checker = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("check-jsonschema").path
    try platform.stdout.write(to: work.appendingPathComponent("platform.schema.json"), atomically: true, encoding: .utf8)
    try environment.stdout.write(to: work.appendingPathComponent("environment.schema.json"), atomically: true, encoding: .utf8)
    let root = RepoPaths.packageRoot
    let platforms = ["platform.yaml", "examples/small-team/platform.yaml", "examples/multi-tenant-gpu/platform.yaml", "examples/flux/platform.yaml"]
      .map { root.appendingPathComponent($0).path }
    let good = try Subprocess.run([checker, "--schemafile", work.appendingPathComponent("platform.schema.json").path] + platforms)
    XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
    // The repository's platform and its examples' (not a walk of the whole tree: .build and bench output are large).
    let examples = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path).map { "examples/\($0)/" }
    let envs = try ([""] + examples).flatMap { dir in
      try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir + "environments").path)
        .filter { $0.hasSuffix(".yaml") }.map { dir + "environments/" + $0 }
    }
    XCTAssertGreaterThanOrEqual(envs.count, 10)
    let goodEnvs = try Subprocess.run(
      [checker, "--schemafile", work.appendingPathComponent("environment.schema.json").path] + envs.map { root.appendingPathComponent($0).path })
    XCTAssertEqual(goodEnvs.status, 0, goodEnvs.stdout + goodEnvs.stderr)
    try breakSpec()
    let bad = try Subprocess.run([
      checker, "--schemafile", work.appendingPathComponent("platform.schema.json").path, work.appendingPathComponent("platform.yaml").path,
    ])
    XCTAssertNotEqual(bad.status, 0, "an unknown key fails the schema too")
  }

  /// The policy and policy-test schemas hold every policy and test case of the repository, and
  /// editors get help on the keys: descriptions everywhere, not on five keys.
  func testPolicySchemasValidateTheRepositorysPoliciesAndTheSchemasDescribeTheirKeys() throws {
    var schemas: [String: String] = [:]
    for document in ["platform", "environment", "policy", "policy-test"] {
      let result = try paved(["schema", document])
      XCTAssertEqual(result.status, 0, result.stderr)
      schemas[document] = result.stdout
    }
    let descriptions = { (name: String) in (schemas[name] ?? "").components(separatedBy: "\"description\"").count - 1 }
    XCTAssertGreaterThanOrEqual(descriptions("platform"), 80)
    XCTAssertGreaterThanOrEqual(descriptions("environment"), 14)
    XCTAssertGreaterThanOrEqual(descriptions("policy"), 15)
    guard let python = RepoPaths.venvPython else { throw missingTool(".venv missing (make venv): the JSON Schema check of the policies") }
    let checker = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("check-jsonschema").path
    let root = RepoPaths.packageRoot
    let files = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("policies").path).filter { $0.hasSuffix(".yaml") }
    let policies = files.filter { !$0.hasPrefix("tests/") }.map { root.appendingPathComponent("policies/" + $0).path }
    let cases = files.filter { $0.hasPrefix("tests/") }.map { root.appendingPathComponent("policies/" + $0).path }
    XCTAssertGreaterThanOrEqual(policies.count, 6)
    XCTAssertGreaterThanOrEqual(cases.count, 10)
    for (name, paths) in [("policy", policies), ("policy-test", cases)] {
      let schemaFile = work.appendingPathComponent("\(name).schema.json")
      try schemas[name]?.write(to: schemaFile, atomically: true, encoding: .utf8)
      let checked = try Subprocess.run([checker, "--schemafile", schemaFile.path] + paths)
      XCTAssertEqual(checked.status, 0, checked.stdout + checked.stderr)
    }
    let policy = try String(contentsOfFile: policies[0], encoding: .utf8)
    let broken = work.appendingPathComponent("broken-policy.yaml")
    try policy.replacingOccurrences(of: "spec:\n", with: "spec:\n  severty: error\n").write(to: broken, atomically: true, encoding: .utf8)
    let refused = try Subprocess.run([checker, "--schemafile", work.appendingPathComponent("policy.schema.json").path, broken.path])
    XCTAssertNotEqual(refused.status, 0, "an unknown key fails the policy schema")
  }
}

/// CLI basics: the platform is found from a subdirectory; `cel eval` sees the platform policies see.
final class CLIBasicsTests: XCTestCase {
  func testPlatformIsFoundFromASubdirectoryOfTheRepository() throws {
    let binary = try XCTUnwrap(RepoPaths.pavedBinary)
    let result = try Subprocess.run([binary, "validate"], cwd: RepoPaths.packageRoot.appendingPathComponent("examples/small-team/environments").path)
    XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    XCTAssertTrue(result.stdout.contains("is valid (2 environments"), result.stdout)
  }

  func testCELEvalBindsThePlatformPoliciesSee() throws {
    let binary = try XCTUnwrap(RepoPaths.pavedBinary)
    let result = try Subprocess.run(
      [binary, "cel", "eval", "platform.tenants.map(t, t.name)", "--platform", "examples/small-team/platform.yaml"], cwd: RepoPaths.packageRoot.path)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stdout.filter { !$0.isWhitespace }, "[\"vision\"]")
  }

  func testAPolicyThatCannotBeEvaluatedSaysSoWithADidYouMean() throws {
    let binary = try XCTUnwrap(RepoPaths.pavedBinary)
    let dir = RepoPaths.temporaryDirectory("paved-check")
    defer { try? FileManager.default.removeItem(at: dir) }
    let root = RepoPaths.packageRoot.appendingPathComponent("examples/small-team")
    try FileManager.default.copyItem(at: root.appendingPathComponent("platform.yaml"), to: dir.appendingPathComponent("platform.yaml"))
    try FileManager.default.copyItem(at: root.appendingPathComponent("environments"), to: dir.appendingPathComponent("environments"))
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("policies"), withIntermediateDirectories: true)
    try Data(
      """
      apiVersion: paved.dev/v1alpha1
      kind: Policy
      metadata: { name: canary-cap }
      spec:
        scope: platform
        severity: error
        rules:
          - expression: "platform.tenants.all(t, t.quota.cpuu != '')"

      """.utf8
    ).write(to: dir.appendingPathComponent("policies/canary-cap.yaml"))
    let result = try Subprocess.run([binary, "check"], cwd: dir.path)
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.stdout.contains("did you mean 'cpu'?") || result.stderr.contains("did you mean 'cpu'?"), result.stdout + result.stderr)
    XCTAssertTrue((result.stdout + result.stderr).contains("1 policy could not be evaluated (canary-cap)"), result.stdout + result.stderr)
  }
}

/// `paved --version`: the version and the commit it was built from.
final class VersionTests: XCTestCase {
  func testVersionNamesTheCommit() throws {
    let result = try Subprocess.run([try XCTUnwrap(RepoPaths.pavedBinary), "--version"], cwd: RepoPaths.packageRoot.path)
    XCTAssertEqual(result.status, 0, result.stderr)
    let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    XCTAssertTrue(line.hasPrefix("paved 0."), line)
    // Built from a checkout, the commit is one of this repository's (SwiftPM evaluates the manifest
    // once per build directory, so an incremental build may report an earlier commit than HEAD).
    let commit = try XCTUnwrap(line.split(separator: " ").last).dropLast().replacingOccurrences(of: "-dirty", with: "")
    if commit != "unknown" {
      XCTAssertEqual(commit.count, 12, line)
      let known = try Subprocess.run(["git", "cat-file", "-e", commit + "^{commit}"], cwd: RepoPaths.packageRoot.path)
      XCTAssertEqual(known.status, 0, "\(commit) is not a commit of this repository")
    }
  }
}

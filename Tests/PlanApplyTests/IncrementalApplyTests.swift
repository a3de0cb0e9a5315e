import Foundation
import TestSupport
import XCTest

@testable import Driver

/// `apply --commit-to` reusing the branch tip: only tenants that changed since the tip's source commit
/// are rendered, and the result is exactly what a full render commits; anything that makes the tip
/// untrustworthy falls back to a full render.
final class IncrementalApplyTests: XCTestCase {
  private var repos: [PlatformRepo] = []

  override func tearDown() {
    for repo in repos { repo.remove() }
  }

  private func makeRepo(_ tenants: [(String, String)]) throws -> PlatformRepo {
    let repo = PlatformRepo()
    repos.append(repo)
    try repo.initRepository()
    try repo.writePlatform(tenants)
    try repo.commit("platform")
    return repo
  }

  private func commit(_ repo: PlatformRepo, environments: [String]? = nil) throws -> ApplyRun.Outcome {
    let outcome = try ApplyRun.run(ApplyRun.Request(root: repo.root, environments: environments, commitTo: "deploy", maxDeletions: nil))
    XCTAssertFalse(outcome.compilation.diagnostics.hasErrors, "\(outcome.compilation.diagnostics.all)")
    return outcome
  }

  /// The branch's `deploy/` files, read through git (one archive, unpacked aside).
  private func branchFiles(_ repo: PlatformRepo) throws -> [String: String] {
    let dir = repo.path(".branch-files")
    try? FileManager.default.removeItem(atPath: dir)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = try Subprocess.run(["sh", "-c", "git archive deploy deploy | tar -x -C '\(dir)'"], cwd: repo.root, environment: repo.environment)
    XCTAssertEqual(result.status, 0, result.stderr)
    return try files(under: dir + "/deploy")
  }

  private func files(under dir: String) throws -> [String: String] {
    var out: [String: String] = [:]
    let files = FileManager.default.enumerator(atPath: dir)
    while let path = files?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
        out[path] = try String(contentsOfFile: dir + "/" + path, encoding: .utf8)
      }
    }
    return out
  }

  /// What a full render of the working tree writes to a directory (records and lists included).
  private func fullRender(_ repo: PlatformRepo) throws -> [String: String] {
    let dir = repo.path(".full-render")
    try? FileManager.default.removeItem(atPath: dir)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let outcome = try ApplyRun.run(ApplyRun.Request(root: repo.root, outputOverride: dir, maxDeletions: nil))
    XCTAssertFalse(outcome.compilation.diagnostics.hasErrors, "\(outcome.compilation.diagnostics.all)")
    return try files(under: dir)
  }

  private func assertBranchIsAFullRender(_ repo: PlatformRepo, file: StaticString = #filePath, line: UInt = #line) throws {
    let branch = try branchFiles(repo)
    let full = try fullRender(repo)
    XCTAssertEqual(Set(branch.keys).symmetricDifference(full.keys).sorted(), [], "files on one side only", file: file, line: line)
    for (path, text) in full where branch[path] != text {
      XCTFail("\(path) differs from a full render", file: file, line: line)
    }
  }

  func testOnlyChangedTenantsAreRenderedAndTheCommitEqualsAFullRender() throws {
    let repo = try makeRepo([("alpha", "8"), ("beta", "8"), ("gamma", "8"), ("delta", "8")])
    let first = try commit(repo)
    XCTAssertNil(first.reusedTenants, "no tip: everything is rendered")
    let message = try repo.git("log", "-1", "--format=%B", "deploy")
    for dir in ["deploy/dev", "deploy/gitops", "deploy/prod"] {
      XCTAssertTrue(message.contains("Paved-Tree: \(dir) " + (try repo.git("rev-parse", "deploy:\(dir)"))), message)
    }
    XCTAssertTrue(message.contains("Paved-Renderer: sha256:"), message)
    // One tenant grows, one is added, one removed: beta and gamma are taken from the branch.
    try repo.writePlatform([("alpha", "12"), ("beta", "8"), ("epsilon", "4"), ("gamma", "8")])
    try repo.commit("alpha grows, epsilon replaces delta")
    let second = try commit(repo)
    XCTAssertEqual(second.reusedTenants, 2)
    XCTAssertGreaterThan(second.changes?.created ?? 0, 0, "epsilon's files")
    XCTAssertGreaterThan(second.changes?.deleted ?? 0, 0, "delta's files")
    try assertBranchIsAFullRender(repo)
    XCTAssertFalse(try repo.git("ls-tree", "-r", "--name-only", "deploy").contains("tenants/delta/"))
    // Nothing changed since: nothing to commit, still reusing.
    let third = try commit(repo)
    guard case .unchanged? = third.commit else { return XCTFail("expected no commit, got \(String(describing: third.commit))") }
    XCTAssertEqual(third.reusedTenants, 4)
  }

  func testATipThatIsNotExactlyWhatPavedWroteIsRenderedInFull() throws {
    let repo = try makeRepo([("alpha", "8"), ("beta", "8"), ("gamma", "8")])
    _ = try commit(repo)
    // A hand edit amended into paved's own commit, trailers and all: the Paved-Tree no longer matches.
    let file = "deploy/prod/tenants/beta/limitrange-container-defaults.yaml"
    try repo.git("checkout", "-q", "deploy")
    try repo.write(file, (repo.read(file) ?? "") + "# edited on the branch\n")
    try repo.git("commit", "-q", "-a", "--amend", "--no-edit")
    try repo.git("checkout", "-q", "main")
    try repo.writePlatform([("alpha", "12"), ("beta", "8"), ("gamma", "8")])
    try repo.commit("alpha grows")
    let restored = try commit(repo)
    XCTAssertNil(restored.reusedTenants, "the tip's prod tree is not the one paved committed")
    XCTAssertFalse(try repo.git("show", "deploy:" + file).contains("edited on the branch"))
    try assertBranchIsAFullRender(repo)
    // Another renderer's commit: nothing of it is reused.
    let message = try repo.git("log", "-1", "--format=%B", "deploy")
    let renderer = try XCTUnwrap(message.split(separator: "\n").first { $0.hasPrefix("Paved-Renderer: ") })
    try repo.git("checkout", "-q", "deploy")
    try repo.git("commit", "-q", "--amend", "-m", message.replacingOccurrences(of: String(renderer), with: "Paved-Renderer: sha256:0000"))
    try repo.git("checkout", "-q", "main")
    try repo.writePlatform([("alpha", "16"), ("beta", "8"), ("gamma", "8")])
    try repo.commit("alpha grows again")
    XCTAssertNil(try commit(repo).reusedTenants, "rendered by another paved")
    try assertBranchIsAFullRender(repo)
    // A dirty render claims no source: the next apply renders everything.
    try repo.writePlatform([("alpha", "20"), ("beta", "8"), ("gamma", "8")])
    var dirty = ApplyRun.Request(root: repo.root, commitTo: "deploy")
    dirty.allowDirty = true
    XCTAssertFalse(try ApplyRun.run(dirty).compilation.diagnostics.hasErrors)
    XCTAssertFalse(try repo.git("log", "-1", "--format=%B", "deploy").contains("Paved-Tree"))
    try repo.commit("alpha at 20")
    XCTAssertNil(try commit(repo).reusedTenants)
    try assertBranchIsAFullRender(repo)
  }

  func testOneEnvironmentAtATimeStaysCorrect() throws {
    let repo = try makeRepo([("alpha", "8"), ("beta", "8"), ("gamma", "8")])
    _ = try commit(repo)
    try repo.writePlatform([("alpha", "12"), ("beta", "8"), ("gamma", "8")])
    try repo.commit("alpha grows")
    let dev = try commit(repo, environments: ["dev"])
    XCTAssertEqual(dev.reusedTenants, 2)
    XCTAssertTrue(try repo.git("show", "deploy:deploy/dev/tenants/alpha/resourcequota-tenant-quota.yaml").contains("\"12\""))
    XCTAssertFalse(
      try repo.git("show", "deploy:deploy/prod/tenants/alpha/resourcequota-tenant-quota.yaml").contains("\"12\""), "prod not applied yet")
    // prod was rendered from the older commit: it is not reused, and the result is still exact.
    let all = try commit(repo)
    XCTAssertNil(all.reusedTenants)
    try assertBranchIsAFullRender(repo)
    try repo.writePlatform([("alpha", "12"), ("beta", "10"), ("gamma", "8")])
    try repo.commit("beta grows")
    XCTAssertEqual(try commit(repo).reusedTenants, 2)
    try assertBranchIsAFullRender(repo)
  }
}

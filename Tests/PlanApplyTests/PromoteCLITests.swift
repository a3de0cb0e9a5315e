import Foundation
import TestSupport
import XCTest

/// `paved promote` on a repository with a synthetic history at fixed dates: the soak from git
/// history (eligible, not yet with the time it becomes eligible, a pin that went back and forth),
/// the in-place edit, and a canary step before the full promotion.
final class PromoteCLITests: XCTestCase {
  private func paved(_ repo: PlatformRepo, _ args: String...) throws -> Subprocess.Result {
    try Subprocess.run([try XCTUnwrap(RepoPaths.pavedBinary)] + args, cwd: repo.root, environment: repo.environment)
  }

  override func setUpWithError() throws {
    guard RepoPaths.pavedBinary != nil else { throw missingTool("paved binary not built") }
  }

  static let t0 = 1_767_225_600  // 2026-01-01T00:00:00Z
  static let hour = 3600

  private func iso(_ t: Int) -> String {
    let f = ISO8601DateFormatter()
    return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
  }

  private func pin(_ version: String) -> String {
    "  models:\n    ranker: { version: \(version), artifact: s3://models/ranker/\(version), digest: \"sha256:\(String(repeating: version.hasPrefix("1.1") ? "11" : "10", count: 32))\" }   # keep this comment\n"
  }

  /// Commits with the committer date `t` (the soak clock).
  @discardableResult
  private func commit(_ repo: PlatformRepo, _ message: String, at t: Int) throws -> String {
    repo.clock = t - 120  // `commit` runs two git commands, each moving the clock a minute on
    return try repo.commit(message)
  }

  private func setUp(_ repo: PlatformRepo, promotion: String) throws {
    try repo.writePlatform([("alpha", "8")])
    try repo.addRanker()
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.0.0"))
    try repo.write(
      "environments/prod.yaml",
      PlatformRepo.environmentHeader("prod").replacingOccurrences(of: "spec:\n", with: "spec:\n  promotion: \(promotion)   # prod's gate\n")
        + pin("1.0.0"))
    try commit(repo, "ranker 1.0.0 everywhere", at: Self.t0)
  }

  func testSoakFromHistoryDecidesEligibility() throws {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev, soak: 24h, requires: [check] }")
    let t1 = Self.t0 + 2 * Self.hour
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    try commit(repo, "dev: ranker 1.1.0", at: t1)
    // A later change to the same file that keeps the pin does not restart the soak.
    try repo.write(
      "environments/dev.yaml",
      PlatformRepo.environmentHeader("dev").replacingOccurrences(of: "spec:\n", with: "spec:\n  approvers: [user:lee]\n") + pin("1.1.0"))
    try commit(repo, "dev: approvers", at: t1 + 3 * Self.hour)

    let early = try paved(repo, "promote", "ranker", "--to", "prod", "--dry-run", "--now", iso(t1 + 10 * Self.hour))
    XCTAssertEqual(early.status, 1, early.stderr)
    XCTAssertTrue(early.stderr.contains("error[promote.blocked]: ranker to prod: soak failed: 10h in dev since"), early.stderr)
    XCTAssertTrue(early.stderr.contains("eligible at 2026-01-02 02:00 UTC"), early.stderr)

    let ready = try paved(repo, "promote", "ranker", "--to", "prod", "--dry-run", "--now", iso(t1 + 25 * Self.hour))
    XCTAssertEqual(ready.status, 0, ready.stderr)
    XCTAssertTrue(ready.stdout.contains("-    ranker: { version: 1.0.0"), ready.stdout)
    XCTAssertTrue(
      ready.stdout.contains(
        "+    ranker: { version: 1.1.0, artifact: s3://models/ranker/1.1.0, digest: \"sha256:\(String(repeating: "11", count: 32))\" }   # keep this comment"
      ), ready.stdout)
    XCTAssertTrue(ready.stdout.contains("| soak | pinned in `dev` since 2026-01-01 02:00 UTC"), ready.stdout)
    XCTAssertTrue(ready.stdout.contains("| check | pass |"), ready.stdout)
    XCTAssertTrue(ready.stdout.contains("| contract | not required |"), ready.stdout)
    XCTAssertEqual(try repo.git("status", "--porcelain"), "", "--dry-run writes nothing")

    // Back and forth: 1.1.0 → 1.0.0 → 1.1.0 counts from the latest arrival.
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.0.0"))
    try commit(repo, "dev: roll back", at: t1 + 30 * Self.hour)
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    let t4 = t1 + 31 * Self.hour
    try commit(repo, "dev: ranker 1.1.0 again", at: t4)
    let again = try paved(repo, "promote", "ranker", "--to", "prod", "--dry-run", "--now", iso(t4 + 2 * Self.hour))
    XCTAssertEqual(again.status, 1)
    XCTAssertTrue(again.stderr.contains("soak failed: 2h in dev"), again.stderr)
    XCTAssertTrue(
      again.stderr.contains("eligible at \(iso(t4 + 24 * Self.hour).replacingOccurrences(of: "T", with: " ").dropLast(4)) UTC"), again.stderr)

    // Without --dry-run an eligible promotion edits the file in place: only the pin's bytes change.
    let write = try paved(repo, "promote", "ranker", "--to", "prod", "--edit", "--now", iso(t4 + 25 * Self.hour))
    XCTAssertEqual(write.status, 0, write.stderr)
    let diff = try repo.git("diff", "-U0", "--", "environments/prod.yaml")
    XCTAssertEqual(
      diff.split(separator: "\n").filter { $0.hasPrefix("-") || $0.hasPrefix("+") }.filter { !$0.hasPrefix("---") && !$0.hasPrefix("+++") }.count, 2,
      diff)
    let nothing = try paved(repo, "promote", "ranker", "--to", "prod", "--edit", "--now", iso(t4 + 26 * Self.hour))
    XCTAssertEqual(nothing.status, 0)
    XCTAssertTrue(nothing.stdout.hasPrefix("nothing to promote"), nothing.stdout)
  }

  func testACanaryStepComesBeforeTheFullPromotion() throws {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev, requires: [check], canary: { traffic: 10 } }")
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    try commit(repo, "dev: ranker 1.1.0", at: Self.t0 + Self.hour)
    let canary = try paved(repo, "promote", "ranker", "--to", "prod", "--edit", "--now", iso(Self.t0 + 2 * Self.hour))
    XCTAssertEqual(canary.status, 0, canary.stderr)
    let prod = try XCTUnwrap(repo.read("environments/prod.yaml"))
    XCTAssertTrue(
      prod.contains(
        "ranker: { version: 1.0.0, artifact: s3://models/ranker/1.0.0, digest: \"sha256:\(String(repeating: "10", count: 32))\", canary: { version: 1.1.0"
      ), prod)
    XCTAssertTrue(prod.contains("traffic: 10 } }   # keep this comment"), prod)
    try commit(repo, "prod: ranker 1.1.0 canary", at: Self.t0 + 3 * Self.hour)
    let full = try paved(repo, "promote", "ranker", "--to", "prod", "--edit", "--now", iso(Self.t0 + 4 * Self.hour))
    XCTAssertEqual(full.status, 0, full.stderr)
    XCTAssertEqual(
      repo.read("environments/prod.yaml"),
      prod.replacingOccurrences(
        of: pin("1.0.0").dropLast().replacingOccurrences(
          of: "\" }   #",
          with:
            "\", canary: { version: 1.1.0, artifact: s3://models/ranker/1.1.0, digest: \"sha256:\(String(repeating: "11", count: 32))\", traffic: 10 } }   #"
        ), with: pin("1.1.0").dropLast()))
  }

  func testAllPromotesWhatIsEligibleAndSaysWhenTheRestWillBe() throws {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev, soak: 24h, requires: [check] }")
    let none = try paved(repo, "promote", "--all", "--dry-run", "--now", iso(Self.t0 + Self.hour))
    XCTAssertEqual(none.status, 0, none.stderr)
    XCTAssertEqual(none.stdout, "nothing to promote: every environment runs what its source runs\n")
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    try commit(repo, "dev: ranker 1.1.0", at: Self.t0 + Self.hour)
    let waiting = try paved(repo, "promote", "--all", "--now", iso(Self.t0 + 2 * Self.hour))
    XCTAssertEqual(waiting.status, 0, "waiting for the soak is not a failure: \(waiting.stderr)")
    XCTAssertEqual(waiting.stdout, "ranker → prod: not eligible: soak (eligible at 2026-01-02 01:00 UTC)\n")
    XCTAssertEqual(try repo.git("status", "--porcelain"), "")
    let ready = try paved(repo, "promote", "--all", "--edit", "--now", iso(Self.t0 + 26 * Self.hour))
    XCTAssertEqual(ready.status, 0, ready.stderr)
    XCTAssertTrue(ready.stdout.hasPrefix("ranker → prod: 1.1.0\n"), ready.stdout)
    XCTAssertEqual(try repo.git("status", "--porcelain"), "M environments/prod.yaml")
  }

  /// Without --edit the promotion is one commit on paved/promote/<model>/<env>, on top of HEAD:
  /// idempotent, rebuilt for a new candidate, pushed with --push; the work tree is not touched.
  func testThePromotionBranchIsOneCommitOnTheBaseAndPushes() throws {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev, requires: [check] }")
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    let base = try commit(repo, "dev: ranker 1.1.0", at: Self.t0 + Self.hour)
    let branch = "paved/promote/ranker/prod"
    let first = try paved(repo, "promote", "ranker", "--to", "prod", "--now", iso(Self.t0 + 2 * Self.hour))
    XCTAssertEqual(first.status, 0, first.stderr)
    XCTAssertTrue(first.stdout.contains("on \(branch) (new branch)"), first.stdout)
    XCTAssertEqual(try repo.git("status", "--porcelain"), "", "the work tree is not touched")
    XCTAssertEqual(try repo.git("rev-parse", "\(branch)^"), base)
    XCTAssertEqual(try repo.git("diff", "--name-only", base, branch), "environments/prod.yaml")
    let tip = try repo.git("rev-parse", branch)
    XCTAssertTrue(try repo.git("log", "-1", "--format=%B", branch).hasPrefix("Promote ranker 1.1.0 to prod\n"))

    let again = try paved(repo, "promote", "ranker", "--to", "prod", "--now", iso(Self.t0 + 3 * Self.hour))
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains("is already at \(tip.prefix(7))"), again.stdout)
    XCTAssertEqual(try repo.git("rev-parse", branch), tip, "a re-run with the same result changes nothing")

    // A new base (another commit on main) rebuilds the branch on it: still one commit.
    try repo.write("README.md", "moved on\n")
    let newBase = try commit(repo, "unrelated", at: Self.t0 + 4 * Self.hour)
    let rebuilt = try paved(repo, "promote", "ranker", "--to", "prod", "--now", iso(Self.t0 + 5 * Self.hour))
    XCTAssertTrue(rebuilt.stdout.contains("(was \(tip.prefix(7))"), rebuilt.stdout)
    XCTAssertEqual(try repo.git("rev-parse", "\(branch)^"), newBase)

    // --push to a bare repository (a URL): the branch arrives as it is here.
    let bare = repo.path(".remote.git")
    try repo.git("init", "-q", "--bare", bare)
    let pushed = try paved(repo, "promote", "ranker", "--to", "prod", "--push", bare, "--now", iso(Self.t0 + 6 * Self.hour))
    XCTAssertEqual(pushed.status, 0, pushed.stderr)
    XCTAssertTrue(pushed.stdout.contains("pushed \(branch)"), pushed.stdout)
    XCTAssertEqual(try repo.git("--git-dir", bare, "rev-parse", branch), try repo.git("rev-parse", branch))
    let unreachable = try paved(
      repo, "promote", "ranker", "--to", "prod", "--push", repo.path("no-such-remote.git"), "--now", iso(Self.t0 + 7 * Self.hour))
    XCTAssertEqual(unreachable.status, 1)
    XCTAssertTrue(unreachable.stderr.contains("error[promote.push]"), unreachable.stderr)

    // A fresh clone (no local branch) makes the same commit, dated as its base is: the push is a no-op.
    let pushedTip = try repo.git("rev-parse", branch)
    try repo.git("branch", "-D", branch)
    let fresh = try paved(repo, "promote", "ranker", "--to", "prod", "--push", bare, "--now", iso(Self.t0 + 8 * Self.hour))
    XCTAssertEqual(fresh.status, 0, fresh.stderr)
    XCTAssertEqual(try repo.git("rev-parse", branch), pushedTip)
    XCTAssertEqual(try repo.git("--git-dir", bare, "rev-parse", branch), pushedTip)

    // Someone commits to the promotion branch: the next run does not discard it.
    let human = repo.path(".human")
    try repo.git("clone", "-q", "--branch", branch, bare, human)
    try repo.git("-C", human, "commit", "-q", "--allow-empty", "-m", "pin the digest by hand")
    try repo.git("-C", human, "push", "-q", "origin", branch)
    let theirs = try repo.git("--git-dir", bare, "rev-parse", branch)
    try repo.write("README.md", "moved on again\n")
    try commit(repo, "unrelated again", at: Self.t0 + 9 * Self.hour)
    let moved = try paved(repo, "promote", "ranker", "--to", "prod", "--push", bare, "--now", iso(Self.t0 + 10 * Self.hour))
    XCTAssertEqual(moved.status, 1, moved.stdout)
    XCTAssertTrue(moved.stderr.contains("error[promote.branch-moved]"), moved.stderr)
    XCTAssertTrue(moved.stderr.contains("\"pin the digest by hand\" by "), moved.stderr)
    XCTAssertTrue(moved.stderr.contains("nothing was changed on the remote"), moved.stderr)
    XCTAssertEqual(try repo.git("--git-dir", bare, "rev-parse", branch), theirs, "their commit stays")
  }

  // MARK: Pull requests on a fake forge

  /// The fake GitHub/GitLab API (Tests/Fakes/fake_forge.py) on loopback, stopped at teardown.
  private func fakeForge(mode: String = "") throws -> (url: String, log: String) {
    guard let python = RepoPaths.venvPython else { throw missingTool(".venv missing (make venv)") }
    guard (try? Subprocess.run([python, "-W", "ignore", "-c", "import githubkit_schemas.v2022_11_28, githubkit.compat"]).status) == 0 else {
      print("skipping the forge tests: githubkit is not installed in the venv (make venv)")
      throw missingTool("githubkit missing")
    }
    let dir = RepoPaths.temporaryDirectory("paved-forge")
    let portFile = dir.appendingPathComponent("port").path
    let log = dir.appendingPathComponent("requests.jsonl").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [RepoPaths.packageRoot.appendingPathComponent("Tests/Fakes/fake_forge.py").path, portFile]
    process.environment = ["FAKE_FORGE_LOG": log, "FAKE_FORGE_MODE": mode, "FAKE_FORGE_TOKEN": "secret-token", "PATH": "/usr/bin:/bin"]
    try process.run()
    addTeardownBlock {
      process.terminate()
      process.waitUntilExit()
      try? FileManager.default.removeItem(at: dir)
    }
    for _ in 0..<200 where !FileManager.default.fileExists(atPath: portFile) { usleep(25_000) }
    let port = try String(contentsOfFile: portFile, encoding: .utf8)
    return ("http://127.0.0.1:\(port)", log)
  }

  private func requests(_ log: String) throws -> [[String: Any]] {
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return try text.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
  }

  private func forgeRepo(approvers: String = "") throws -> (PlatformRepo, String) {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev, requires: [check] }")
    if !approvers.isEmpty {
      let prod = try XCTUnwrap(repo.read("environments/prod.yaml"))
      try repo.write("environments/prod.yaml", prod.replacingOccurrences(of: "spec:\n", with: "spec:\n  approvers: \(approvers)\n"))
    }
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    try commit(repo, "dev: ranker 1.1.0", at: Self.t0 + Self.hour)
    let bare = repo.path(".remote.git")
    try repo.git("init", "-q", "--bare", bare)
    return (repo, bare)
  }

  private func promote(_ repo: PlatformRepo, _ forge: String, _ url: String, bare: String, token: String = "secret-token", at t: Int) throws
    -> Subprocess.Result
  {
    try Subprocess.run(
      [
        try XCTUnwrap(RepoPaths.pavedBinary), "promote", "ranker", "--to", "prod", "--push", bare, "--forge", forge, "--forge-url", url,
        "--repository", forge == "github" ? "acme/platform" : "42", "--now", iso(t),
      ],
      cwd: repo.root, environment: repo.environment.merging([forge == "github" ? "GITHUB_TOKEN" : "CI_JOB_TOKEN": token]) { $1 })
  }

  func testGitHubPullRequestCreateNoOpUpdateAndSupersede() throws {
    let (url, log) = try fakeForge()
    let (repo, bare) = try forgeRepo(approvers: "[user:lee, user:ana@example.com]")
    let created = try promote(repo, "github", url, bare: bare, at: Self.t0 + 2 * Self.hour)
    XCTAssertEqual(created.status, 0, created.stderr)
    XCTAssertTrue(created.stdout.contains("opened #1: https://github.example/pull/1"), created.stdout)
    XCTAssertEqual(try repo.git("--git-dir", bare, "rev-parse", "paved/promote/ranker/prod"), try repo.git("rev-parse", "paved/promote/ranker/prod"))
    var sent = try requests(log)
    XCTAssertEqual(sent.compactMap { $0["invalid"] as? String }, [], "every body is what GitHub's OpenAPI description says")
    let post = try XCTUnwrap(sent.first { ($0["method"] as? String) == "POST" && ($0["path"] as? String) == "/repos/acme/platform/pulls" })
    let body = try XCTUnwrap(post["body"] as? [String: Any])
    XCTAssertEqual(body["title"] as? String, "Promote ranker 1.1.0 to prod")
    XCTAssertEqual(body["head"] as? String, "paved/promote/ranker/prod")
    XCTAssertTrue((body["body"] as? String)?.contains("| soak | pinned in `dev` since") ?? false)
    XCTAssertTrue(sent.contains { ($0["path"] as? String) == "/repos/acme/platform/pulls/1/requested_reviewers" }, "reviewers from the approvers")

    let again = try promote(repo, "github", url, bare: bare, at: Self.t0 + 3 * Self.hour)
    XCTAssertTrue(again.stdout.contains("#1 is up to date"), again.stdout + again.stderr)
    sent = try requests(log)
    XCTAssertFalse(sent.contains { ($0["method"] as? String) == "PATCH" }, "a re-run with the same result changes nothing")

    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.2.0"))
    try commit(repo, "dev: ranker 1.2.0", at: Self.t0 + 4 * Self.hour)
    let updated = try promote(repo, "github", url, bare: bare, at: Self.t0 + 5 * Self.hour)
    XCTAssertTrue(updated.stdout.contains("updated #1"), updated.stdout + updated.stderr)
    let patch = try XCTUnwrap(try requests(log).last { ($0["method"] as? String) == "PATCH" }?["body"] as? [String: Any])
    XCTAssertEqual(patch["title"] as? String, "Promote ranker 1.2.0 to prod", "the same pull request is updated")
    let note = try XCTUnwrap(
      try requests(log).last { ($0["path"] as? String) == "/repos/acme/platform/issues/1/comments" }?["body"] as? [String: Any])
    let said = try XCTUnwrap(note["body"] as? String)
    XCTAssertTrue(
      said.hasPrefix("paved updated this pull request:\n- title: “Promote ranker 1.1.0 to prod” → “Promote ranker 1.2.0 to prod”\n"), said)
    XCTAssertTrue(said.contains("- candidate: `1.1.0` · `s3://models/ranker/1.1.0`"), said)
    XCTAssertTrue(said.contains("→ `1.2.0` · `s3://models/ranker/1.2.0`"), said)

    // The promotion lands by another way (merged): the open pull request is closed with a comment.
    try repo.write(
      "environments/prod.yaml", try XCTUnwrap(repo.read("environments/prod.yaml")).replacingOccurrences(of: pin("1.0.0"), with: pin("1.2.0")))
    try commit(repo, "prod: ranker 1.2.0", at: Self.t0 + 6 * Self.hour)
    let superseded = try promote(repo, "github", url, bare: bare, at: Self.t0 + 7 * Self.hour)
    XCTAssertEqual(superseded.status, 0, superseded.stderr)
    XCTAssertTrue(superseded.stdout.contains("closed #1 as superseded"), superseded.stdout)
    XCTAssertEqual(try requests(log).compactMap { $0["invalid"] as? String }, [])
    for output in [created, again, updated, superseded] {
      XCTAssertFalse((output.stdout + output.stderr).contains("secret-token"), "the token is never printed")
    }
  }

  func testAllPushesAndOpensAPullRequestPerEligiblePromotion() throws {
    let (url, log) = try fakeForge()
    let (repo, bare) = try forgeRepo()
    let all = try Subprocess.run(
      [
        try XCTUnwrap(RepoPaths.pavedBinary), "promote", "--all", "--push", bare, "--forge", "github", "--forge-url", url, "--repository",
        "acme/platform",
        "--now", iso(Self.t0 + 2 * Self.hour),
      ],
      cwd: repo.root, environment: repo.environment.merging(["GITHUB_TOKEN": "secret-token"]) { $1 })
    XCTAssertEqual(all.status, 0, all.stderr)
    XCTAssertTrue(all.stdout.contains("ranker → prod: 1.1.0"), all.stdout)
    XCTAssertTrue(all.stdout.contains("opened #1"), all.stdout)
    XCTAssertEqual(
      try requests(log).filter { ($0["method"] as? String) == "POST" && ($0["path"] as? String) == "/repos/acme/platform/pulls" }.count, 1)
  }

  /// --fetch gets the candidate (and what the target runs) with ci.modelArtifacts.fetch, so the
  /// contract gate runs without --artifact; a fetch that fails leaves the evidence missing, with a warning.
  func testFetchGetsTheArtifactsWithTheSpecsCommand() throws {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev, requires: [check, contract] }")
    let store = repo.path(".store")
    for version in ["1.0.0", "1.1.0"] {
      try repo.write(".store/\(version)/model.onnx", "not an onnx file \(version)\n")
    }
    let platform = try XCTUnwrap(repo.read("platform.yaml"))
    try repo.write(
      "platform.yaml",
      platform + """
          ci:
            providers: [github]
            paved: { image: "ghcr.io/acme/paved@sha256:\(String(repeating: "0f", count: 32))" }
            codeowners: { org: acme }
            modelArtifacts: { fetch: 'cp -R "$ARTIFACT_STORE/${PAVED_ARTIFACT##*/}/." "$PAVED_DIRECTORY" && echo "$PAVED_MODEL $PAVED_ENVIRONMENT" >> "$ARTIFACT_STORE/fetched"' }

        """)
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.1.0"))
    try commit(repo, "dev: ranker 1.1.0, ci", at: Self.t0 + Self.hour)
    let run = try Subprocess.run(
      [try XCTUnwrap(RepoPaths.pavedBinary), "promote", "ranker", "--to", "prod", "--dry-run", "--fetch", "--now", iso(Self.t0 + 2 * Self.hour)],
      cwd: repo.root, environment: repo.environment.merging(["ARTIFACT_STORE": store]) { $1 })
    XCTAssertEqual(run.status, 1, "the fetched candidate is not a valid ONNX model: \(run.stdout)")
    XCTAssertTrue(run.stdout.contains("✗ contract: fail"), run.stdout)
    XCTAssertEqual(
      try String(contentsOfFile: store + "/fetched", encoding: .utf8), "ranker dev\nranker prod\n", "the candidate from dev, the baseline from prod")
    let failing = try Subprocess.run(
      [try XCTUnwrap(RepoPaths.pavedBinary), "promote", "ranker", "--to", "prod", "--dry-run", "--fetch", "--now", iso(Self.t0 + 2 * Self.hour)],
      cwd: repo.root, environment: repo.environment.merging(["ARTIFACT_STORE": repo.path("no-such-store")]) { $1 })
    XCTAssertEqual(failing.status, 1)
    XCTAssertTrue(
      failing.stderr.contains("warning[promote.fetch]: cannot fetch s3://models/ranker/1.1.0 for ranker: the fetch command exited with"),
      failing.stderr)
    XCTAssertTrue(failing.stdout.contains("✗ contract: missing"), failing.stdout)
  }

  func testGitLabMergeRequestCreateAndUpdate() throws {
    let (url, log) = try fakeForge()
    let (repo, bare) = try forgeRepo(approvers: "[user:lee, user:ghost, user:ana@example.com]")
    let created = try promote(repo, "gitlab", url, bare: bare, at: Self.t0 + 2 * Self.hour)
    XCTAssertEqual(created.status, 0, created.stderr)
    XCTAssertTrue(created.stdout.contains("opened #1: https://gitlab.example/-/merge_requests/1"), created.stdout)
    let post = try XCTUnwrap(try requests(log).first { ($0["method"] as? String) == "POST" }?["body"] as? [String: Any])
    XCTAssertEqual(post["source_branch"] as? String, "paved/promote/ranker/prod")
    XCTAssertEqual(post["target_branch"] as? String, "main")
    XCTAssertEqual(post["labels"] as? String, "paved,promotion,env:prod")
    // Reviewers by user id: lee is looked up (the fake's first id is 100); ghost is unknown to GitLab and
    // an e-mail address is not looked up, both left to the description.
    XCTAssertEqual(post["reviewer_ids"] as? [Int], [100])
    let lookups = try requests(log).filter { ($0["path"] as? String) == "/users" }.compactMap { ($0["query"] as? [String: [String]])?["username"] }
    XCTAssertEqual(lookups, [["lee"], ["ghost"]])
    let again = try promote(repo, "gitlab", url, bare: bare, at: Self.t0 + 3 * Self.hour)
    XCTAssertTrue(again.stdout.contains("#1 is up to date"), again.stdout + again.stderr)
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.2.0"))
    try commit(repo, "dev: ranker 1.2.0", at: Self.t0 + 4 * Self.hour)
    let updated = try promote(repo, "gitlab", url, bare: bare, at: Self.t0 + 5 * Self.hour)
    XCTAssertTrue(updated.stdout.contains("updated #1"), updated.stdout + updated.stderr)
    let put = try XCTUnwrap(try requests(log).last { ($0["method"] as? String) == "PUT" }?["body"] as? [String: Any])
    XCTAssertEqual(put["title"] as? String, "Promote ranker 1.2.0 to prod")
    let note = try XCTUnwrap(try requests(log).last { ($0["path"] as? String) == "/projects/42/merge_requests/1/notes" }?["body"] as? [String: Any])
    XCTAssertTrue((note["body"] as? String)?.contains("- candidate: `1.1.0`") == true, "\(note)")
    try repo.write(
      "environments/prod.yaml", try XCTUnwrap(repo.read("environments/prod.yaml")).replacingOccurrences(of: pin("1.0.0"), with: pin("1.2.0")))
    try commit(repo, "prod: ranker 1.2.0", at: Self.t0 + 6 * Self.hour)
    let superseded = try promote(repo, "gitlab", url, bare: bare, at: Self.t0 + 7 * Self.hour)
    XCTAssertTrue(superseded.stdout.contains("closed #1 as superseded"), superseded.stdout + superseded.stderr)
    XCTAssertEqual(try requests(log).last { ($0["method"] as? String) == "PUT" }?["body"] as? [String: String], ["state_event": "close"])
  }

  func testForgeErrorsAreDiagnosticsAndTheNextRunCompletes() throws {
    for (mode, expected) in [
      ("401", "refused the token (401)"), ("403", "may not do this (403)"), ("404", "not found (404)"), ("422", "refused the request (422)"),
      ("ratelimit", "rate limit is spent until 1767225600"),
    ] {
      let (url, _) = try fakeForge(mode: mode)
      let (repo, bare) = try forgeRepo()
      let failed = try promote(repo, "github", url, bare: bare, at: Self.t0 + 2 * Self.hour)
      XCTAssertEqual(failed.status, 1, mode)
      XCTAssertTrue(failed.stderr.contains("error[promote.pull-request]"), failed.stderr)
      XCTAssertTrue(failed.stderr.contains(expected), "\(mode): \(failed.stderr)")
      XCTAssertTrue(failed.stderr.contains("running paved promote again completes the pull request"), failed.stderr)
      XCTAssertFalse(failed.stderr.contains("secret-token"))
      // A healthy forge afterwards: the same command finishes the job (the branch is already pushed).
      let (healthy, _) = try fakeForge()
      let retried = try promote(repo, "github", healthy, bare: bare, at: Self.t0 + 3 * Self.hour)
      XCTAssertEqual(retried.status, 0, retried.stderr)
      XCTAssertTrue(retried.stdout.contains("opened #1"), retried.stdout)
    }
    // An unreachable forge is a diagnostic too.
    let (repo, bare) = try forgeRepo()
    let down = try promote(repo, "github", "http://127.0.0.1:9", bare: bare, at: Self.t0 + 2 * Self.hour)
    XCTAssertEqual(down.status, 1)
    XCTAssertTrue(down.stderr.contains("error[promote.pull-request]"), down.stderr)
  }

  /// Push through libgit2 over git's smart HTTP protocol (`git http-backend` behind a server that
  /// wants the token as a Basic password), checked with the git CLI; a wrong token is refused and
  /// never printed.
  func testPushOverSmartHTTPWithAToken() throws {
    guard let python = RepoPaths.venvPython else { throw missingTool(".venv missing (make venv)") }
    let (repo, _) = try forgeRepo()
    let served = RepoPaths.temporaryDirectory("paved-git-http")
    let portFile = served.appendingPathComponent("port").path
    try repo.git("init", "-q", "--bare", served.appendingPathComponent("platform.git").path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [RepoPaths.packageRoot.appendingPathComponent("Tests/Fakes/git_http_server.py").path, served.path, portFile]
    process.environment = ["GIT_HTTP_TOKEN": "secret-token", "PATH": "/usr/bin:/bin"]
    try process.run()
    addTeardownBlock {
      process.terminate()
      process.waitUntilExit()
      try? FileManager.default.removeItem(at: served)
    }
    for _ in 0..<200 where !FileManager.default.fileExists(atPath: portFile) { usleep(25_000) }
    let url = "http://127.0.0.1:\(try String(contentsOfFile: portFile, encoding: .utf8))/platform.git"
    func push(token: String) throws -> Subprocess.Result {
      try Subprocess.run(
        [try XCTUnwrap(RepoPaths.pavedBinary), "promote", "ranker", "--to", "prod", "--push", url, "--now", iso(Self.t0 + 2 * Self.hour)],
        cwd: repo.root, environment: repo.environment.merging(["PAVED_GIT_TOKEN": token]) { $1 })
    }
    let refused = try push(token: "wrong-token")
    XCTAssertEqual(refused.status, 1)
    XCTAssertTrue(refused.stderr.contains("error[promote.push]"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("refused the credentials: set PAVED_GIT_TOKEN"), refused.stderr)
    XCTAssertFalse((refused.stdout + refused.stderr).contains("wrong-token"))
    let pushed = try push(token: "secret-token")
    XCTAssertEqual(pushed.status, 0, pushed.stderr)
    XCTAssertTrue(pushed.stdout.contains("pushed paved/promote/ranker/prod to \(url)"), pushed.stdout)
    XCTAssertEqual(
      try repo.git("--git-dir", served.appendingPathComponent("platform.git").path, "rev-parse", "paved/promote/ranker/prod"),
      try repo.git("rev-parse", "paved/promote/ranker/prod"))
    XCTAssertFalse((pushed.stdout + pushed.stderr).contains("secret-token"))
  }

  func testUnknownNamesSuggest() throws {
    let repo = try makeRepo()
    try setUp(repo, promotion: "{ from: dev }")
    let bad = try paved(repo, "promote", "rankr", "--to", "prd", "--dry-run")
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.stderr.contains("unknown environment 'prd'"), bad.stderr)
    XCTAssertTrue(bad.stderr.contains("did you mean 'prod'?"), bad.stderr)
  }
}

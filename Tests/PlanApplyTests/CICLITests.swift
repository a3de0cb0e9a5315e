import Foundation
import TestSupport
import XCTest

/// The built binary on a repository with `spec.ci`: build writes the CI files beside the spec,
/// `ci check` catches hand edits and stale files, plans show CI changes, CODEOWNERS keeps the
/// team's lines, and a file Paved did not write is never overwritten.
final class CICLITests: XCTestCase {
  private func paved(_ repo: PlatformRepo, _ args: String...) throws -> Subprocess.Result {
    try Subprocess.run([try XCTUnwrap(RepoPaths.pavedBinary)] + args, cwd: repo.root, environment: repo.environment)
  }

  override func setUpWithError() throws {
    guard RepoPaths.pavedBinary != nil else { throw missingTool("paved binary not built") }
  }

  static let image = "ghcr.io/acme/paved@sha256:" + String(repeating: "0f", count: 32)

  private func ciPlatform(_ repo: PlatformRepo, schedule: String = "17 6 * * *") throws {
    try repo.writePlatform([("alpha", "8")])
    var text = try XCTUnwrap(repo.read("platform.yaml"))
    text += """
        ci:
          providers: [github]
          paved: { image: "\(Self.image)" }
          apply: { method: branch, branch: deploy }
          drift: { schedule: "\(schedule)" }
          codeowners: { org: acme, platform: [group:platform] }

      """
    try repo.write("platform.yaml", text)
  }

  func testBuildWritesTheCIFilesAndCICheckCatchesAHandEdit() throws {
    let repo = try makeRepo()
    try ciPlatform(repo)
    XCTAssertNotEqual(try paved(repo, "ci", "check").status, 0, "nothing rendered yet: the files are missing")
    let build = try paved(repo, "build")
    XCTAssertEqual(build.status, 0, build.stderr)
    for path in [
      ".github/workflows/paved-pull-request.yml", ".github/workflows/paved-apply.yml", ".github/workflows/paved-drift.yml", ".github/CODEOWNERS",
    ] {
      XCTAssertNotNil(repo.read(path), path)
    }
    let clean = try paved(repo, "ci", "check")
    XCTAssertEqual(clean.status, 0, clean.stderr)

    let workflow = try XCTUnwrap(repo.read(".github/workflows/paved-apply.yml"))
    try repo.write(".github/workflows/paved-apply.yml", workflow.replacingOccurrences(of: "timeout-minutes: 30", with: "timeout-minutes: 300"))
    let stale = try paved(repo, "ci", "check")
    XCTAssertEqual(stale.status, 1)
    XCTAssertTrue(stale.stderr.contains("error[ci.stale]: .github/workflows/paved-apply.yml differs from what the spec renders"), stale.stderr)
    XCTAssertTrue(stale.stderr.contains("-    timeout-minutes: 300\n+    timeout-minutes: 30\n"), stale.stderr)

    // A spec change makes the committed files stale too, until the next build.
    try ciPlatform(repo, schedule: "0 5 * * *")
    let behind = try paved(repo, "ci", "check")
    XCTAssertEqual(behind.status, 1)
    XCTAssertTrue(behind.stderr.contains("+    - cron: \"0 5 * * *\""), behind.stderr)
    XCTAssertEqual(try paved(repo, "build").status, 0)
    XCTAssertEqual(try paved(repo, "ci", "check").status, 0)
  }

  func testPlanShowsACIChangeLikeAnyOther() throws {
    let repo = try makeRepo()
    try ciPlatform(repo)
    try repo.commit("platform with ci")
    try ciPlatform(repo, schedule: "0 5 * * *")
    let plan = try paved(repo, "plan", "--base", "HEAD", "--detailed-exitcode")
    XCTAssertEqual(plan.status, 2, plan.stderr)
    XCTAssertTrue(plan.stdout.contains(".github/workflows/paved-drift.yml"), plan.stdout)
    XCTAssertTrue(plan.stdout.contains("0 5 * * *"), plan.stdout)
    XCTAssertTrue(plan.stdout.hasPrefix("Plan: 0 to create, 1 to update, 0 to replace, 0 to delete."), plan.stdout)
  }

  func testCodeownersKeepsTheTeamsLinesAndABrokenBlockWritesNothing() throws {
    let repo = try makeRepo()
    try ciPlatform(repo)
    let team = "# the team's own rules\n*.md @acme/docs\n"
    try repo.write(".github/CODEOWNERS", team)
    XCTAssertEqual(try paved(repo, "build").status, 0)
    let merged = try XCTUnwrap(repo.read(".github/CODEOWNERS"))
    XCTAssertTrue(merged.hasPrefix(team + "\n# BEGIN paved\n"), merged)
    XCTAssertTrue(merged.contains("/platform.yaml @acme/platform\n"), merged)
    XCTAssertTrue(merged.contains("/deploy/*/tenants/alpha/") == false, "tenant files live on the deploy branch: \(merged)")
    // Rebuilding changes nothing; the team's later additions stay.
    try repo.write(".github/CODEOWNERS", merged + "/docs/ @acme/writers\n")
    XCTAssertEqual(try paved(repo, "build").status, 0)
    XCTAssertEqual(repo.read(".github/CODEOWNERS"), merged + "/docs/ @acme/writers\n")

    try repo.write(".github/CODEOWNERS", team + "# BEGIN paved\n/x @y\n")
    try FileManager.default.removeItem(atPath: repo.path(".github/workflows"))
    try? FileManager.default.removeItem(atPath: repo.path("deploy"))
    let broken = try paved(repo, "build")
    XCTAssertEqual(broken.status, 1)
    XCTAssertTrue(broken.stderr.contains("has no '# END paved'"), broken.stderr)
    XCTAssertNil(repo.read(".github/workflows/paved-apply.yml"), "nothing written")
    XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path("deploy/dev")), "nothing written")
  }

  func testAWorkflowPavedDidNotWriteIsNeverOverwritten() throws {
    let repo = try makeRepo()
    try ciPlatform(repo)
    let mine = "name: ours\non: push\njobs: {}\n"
    try repo.write(".github/workflows/paved-drift.yml", mine)
    let build = try paved(repo, "build")
    XCTAssertEqual(build.status, 1)
    XCTAssertTrue(build.stderr.contains("refusing to overwrite .github/workflows/paved-drift.yml"), build.stderr)
    XCTAssertEqual(repo.read(".github/workflows/paved-drift.yml"), mine)
    XCTAssertNil(repo.read(".github/workflows/paved-pull-request.yml"), "nothing written")
    XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path("deploy/dev")), "nothing written")
  }

  func testDroppingCIDeletesOnlyPavedsFiles() throws {
    let repo = try makeRepo()
    try ciPlatform(repo)
    try repo.write(".github/workflows/team.yml", "name: team\n")
    XCTAssertEqual(try paved(repo, "build").status, 0)
    try repo.writePlatform([("alpha", "8")])
    let build = try paved(repo, "build")
    XCTAssertEqual(build.status, 0, build.stderr)
    XCTAssertNil(repo.read(".github/workflows/paved-pull-request.yml"))
    XCTAssertEqual(repo.read(".github/workflows/team.yml"), "name: team\n")
  }

  func testChangedPinsListsWhatAPullRequestMoves() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.addRanker()
    let digest = "sha256:" + String(repeating: "ab", count: 32)
    func pin(_ version: String) -> String {
      "  models:\n    ranker: { version: \(version), artifact: s3://models/ranker/\(version), digest: \"\(digest)\" }\n"
    }
    try repo.write("environments/dev.yaml", PlatformRepo.environmentHeader("dev") + pin("1.0.0"))
    try repo.write("environments/prod.yaml", PlatformRepo.environmentHeader("prod") + pin("1.0.0"))
    try repo.commit("pins")
    try repo.write("environments/prod.yaml", PlatformRepo.environmentHeader("prod") + pin("1.1.0"))
    let pins = try paved(repo, "ci", "changed-pins", "--base", "HEAD")
    XCTAssertEqual(pins.status, 0, pins.stderr)
    XCTAssertEqual(pins.stdout, "prod\tranker\ts3://models/ranker/1.1.0\n")
  }
}

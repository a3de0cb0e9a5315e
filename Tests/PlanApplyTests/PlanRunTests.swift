import Artifacts
import Driver
import Planning
import XCTest

/// `PlanRun` over real repositories: the base is read from git, the head from the working tree.
final class PlanRunTests: XCTestCase {
  private func plan(_ repo: PlatformRepo, base: String, envs: [String]? = nil) throws -> PlanRun.Outcome {
    try PlanRun.run(PlanRun.Request(root: repo.root, base: base, environments: envs))
  }

  private func actions(_ plan: Plan?, _ kind: String) -> [String: Action] {
    var out: [String: Action] = [:]
    for change in plan?.changes ?? [] where change.identity?.kind == kind { out[change.scope + ":" + (change.identity?.name ?? "")] = change.action }
    return out
  }

  func testAFirstCommitWithoutAPlatformPlansEverythingAsCreates() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    let outcome = try plan(repo, base: "HEAD")
    XCTAssertFalse(outcome.diagnostics.hasErrors, "\(outcome.diagnostics.all)")
    let plan = try XCTUnwrap(outcome.plan)
    XCTAssertFalse(outcome.metadata.base.hasPlatform)
    XCTAssertEqual(Set(plan.changes.map(\.action)), [.create])
    XCTAssertEqual(plan.count(.create), 43)
    XCTAssertEqual(actions(plan, "Namespace"), ["dev:alpha-dev": .create, "prod:alpha-prod": .create])
  }

  func testSeveralCommitsWithRenamedAndDeletedTenants() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8"), ("gamma", "8")])
    let first = try repo.commit("three tenants")
    try repo.writePlatform([("alpha", "16"), ("beta", "8"), ("gamma", "8")])
    try repo.commit("alpha grows")
    // Working tree: beta renamed to bravo, gamma deleted.
    try repo.writePlatform([("alpha", "16"), ("bravo", "8")])

    let outcome = try plan(repo, base: "HEAD")
    let p = try XCTUnwrap(outcome.plan, "\(outcome.diagnostics.all)")
    XCTAssertEqual(actions(p, "Namespace"), [
      "dev:beta-dev": .delete, "prod:beta-prod": .delete, "dev:gamma-dev": .delete, "prod:gamma-prod": .delete,
      "dev:bravo-dev": .create, "prod:bravo-prod": .create,
    ])
    XCTAssertFalse(p.changes.contains { $0.identity?.namespace == "alpha-prod" }, "alpha did not change since HEAD")
    XCTAssertEqual(actions(p, "AppProject"), ["gitops:acme-beta": .delete, "gitops:acme-gamma": .delete, "gitops:acme-bravo": .create])
    XCTAssertEqual(outcome.metadata.base.sha, try repo.git("rev-parse", "HEAD"))

    // Against the first commit, alpha's quota is an update too.
    let older = try XCTUnwrap(try plan(repo, base: first).plan)
    let quota = try XCTUnwrap(older.changes.first { $0.identity?.kind == "ResourceQuota" && $0.scope == "prod" && $0.identity?.namespace == "alpha-prod" })
    XCTAssertEqual(quota.action, .update)
    XCTAssertEqual(quota.fields.map(\.path.description), [#"spec.hard["requests.cpu"]"#])
    XCTAssertEqual(quota.fields.first?.before, .string("8"))
    XCTAssertEqual(quota.fields.first?.after, .string("16"))
    // The kustomization of each environment lists the files: an update, not a delete+create.
    let kustomization = older.changes.first { $0.path == "prod/kustomization.yaml" }
    XCTAssertEqual(kustomization?.action, .update)
  }

  func testEnvironmentFilterPlansOnlyThoseDirectories() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    try repo.writePlatform([("alpha", "12")])
    let p = try XCTUnwrap(try plan(repo, base: "HEAD", envs: ["prod"]).plan)
    XCTAssertEqual(Set(p.changes.map(\.scope)), ["prod"])
    XCTAssertEqual(p.count(.update), 2)  // ResourceQuota and ClusterQueue
    let unknown = try plan(repo, base: "HEAD", envs: ["prdo"])
    XCTAssertNil(unknown.plan)
    XCTAssertTrue(unknown.diagnostics.all.contains { $0.code.rawValue == "input.unknown-environment" })
  }

  func testABaseThatDoesNotCompileIsAnErrorAboutTheBase() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")], extra: "      colour: blue\n")
    let broken = try repo.commit("a typo")
    try repo.writePlatform([("alpha", "8")])
    let outcome = try plan(repo, base: "HEAD")
    XCTAssertNil(outcome.plan)
    let codes = outcome.diagnostics.all.map(\.code.rawValue)
    XCTAssertEqual(codes, ["plan.base-does-not-compile", "spec.unknown-key"])
    let typo = outcome.diagnostics.all[1]
    XCTAssertEqual(typo.range?.start.file, String(broken.prefix(7)) + ":platform.yaml")
    XCTAssertTrue(typo.summary.hasPrefix("[base \(broken.prefix(7))]"), typo.summary)
    XCTAssertTrue(typo.notes.contains { $0.message == "in base revision \(broken.prefix(7)) (HEAD), not in the working tree" }, "\(typo.notes)")
  }

  func testAnUnknownRevisionAndAMissingRepositoryAreDiagnostics() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    XCTAssertEqual(try plan(repo, base: "no-such-branch").diagnostics.all.map(\.code.rawValue), ["git.unknown-revision"])
    try FileManager.default.removeItem(atPath: repo.path(".git"))
    XCTAssertEqual(try plan(repo, base: "HEAD").diagnostics.all.map(\.code.rawValue), ["git.not-a-repository"])
  }

  func testTheFingerprintCoversEveryInputFile() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    let a = try plan(repo, base: "HEAD").metadata.inputFingerprint
    XCTAssertEqual(a, try plan(repo, base: "HEAD").metadata.inputFingerprint)
    try repo.write("environments/prod.yaml", (repo.read("environments/prod.yaml") ?? "") + "# a comment\n")
    let b = try plan(repo, base: "HEAD").metadata.inputFingerprint
    XCTAssertTrue(a.hasPrefix("sha256:") && a.count == 71, a)
    XCTAssertNotEqual(a, b, "an environment file is an input")
  }
}

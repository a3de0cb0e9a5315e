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
    XCTAssertEqual(plan.count(.create), 52)
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
    XCTAssertEqual(
      actions(p, "Namespace"),
      [
        // Namespaces are retained (left in the cluster) unless the spec opts in to deleting them.
        "dev:beta-dev": .retain, "prod:beta-prod": .retain, "dev:gamma-dev": .retain, "prod:gamma-prod": .retain,
        "dev:bravo-dev": .create, "prod:bravo-prod": .create,
      ])
    XCTAssertFalse(p.changes.contains { $0.identity?.namespace == "alpha-prod" }, "alpha did not change since HEAD")
    // Argo CD projects are per environment; the platform's lists the tenant namespaces it owns.
    XCTAssertEqual(
      actions(p, "AppProject"),
      [
        "gitops:acme-dev-beta": .delete, "gitops:acme-prod-beta": .delete, "gitops:acme-dev-gamma": .delete, "gitops:acme-prod-gamma": .delete,
        "gitops:acme-dev-bravo": .create, "gitops:acme-prod-bravo": .create, "gitops:acme-dev-platform": .update,
        "gitops:acme-prod-platform": .update,
      ])
    XCTAssertEqual(outcome.metadata.base.sha, try repo.git("rev-parse", "HEAD"))

    // Against the first commit, alpha's quota is an update too.
    let older = try XCTUnwrap(try plan(repo, base: first).plan)
    let quota = try XCTUnwrap(
      older.changes.first { $0.identity?.kind == "ResourceQuota" && $0.scope == "prod" && $0.identity?.namespace == "alpha-prod" })
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

  func testRemovingATenantRetainsItsNamespacesUnlessTheSpecOptsIn() throws {
    let repo = try makeRepo()
    // alpha opts in to deletion (writePlatform puts `extra` under the first tenant); beta does not.
    try repo.writePlatform([("alpha", "8"), ("beta", "8")], extra: "      onRemoval: delete\n")
    try repo.commit("two tenants")
    try repo.writePlatform([("gamma", "8")])
    let outcome = try plan(repo, base: "HEAD")
    XCTAssertFalse(outcome.diagnostics.hasErrors, "\(outcome.diagnostics.all)")
    let planned = try XCTUnwrap(outcome.plan)
    XCTAssertEqual(
      actions(planned, "Namespace"),
      [
        "dev:alpha-dev": .delete, "prod:alpha-prod": .delete, "dev:beta-dev": .retain, "prod:beta-prod": .retain,
        "dev:gamma-dev": .create, "prod:gamma-prod": .create,
      ])
    XCTAssertEqual(
      planned.changes.first { $0.identity?.kind == "ResourceQuota" && $0.identity?.namespace == "beta-dev" }?.action, .delete,
      "only the Namespace itself is kept")
    XCTAssertTrue(planned.summaryLine.contains("2 to retain (left in the cluster)"), planned.summaryLine)
    let text = TextPlanRenderer.render(planned, metadata: outcome.metadata)
    XCTAssertTrue(text.contains("= retain   prod: v1 Namespace beta-prod"), text)
  }
}

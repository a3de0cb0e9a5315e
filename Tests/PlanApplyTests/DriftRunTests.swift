import Driver
import Planning
import XCTest

/// `paved plan --drift`: drift (changed outside paved) apart from unapplied changes.
final class DriftRunTests: XCTestCase {
  func testDriftInADirectoryIsReportedApartFromUnappliedChanges() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8"), ("beta", "8")])
    try repo.commit("two tenants")
    XCTAssertFalse(try ApplyRun.run(ApplyRun.Request(root: repo.root)).compilation.diagnostics.hasErrors)
    let clean = try DriftRun.run(DriftRun.Request(root: repo.root))
    XCTAssertEqual(clean.drift, [])
    XCTAssertEqual(clean.unapplied?.isEmpty, true)
    XCTAssertEqual(clean.deployedSource, try repo.git("rev-parse", "HEAD"))

    // Outside paved: edit one file, delete one, add one. In the spec: beta's quota changes.
    let edited = "deploy/prod/tenants/alpha/limitrange-container-defaults.yaml"
    try repo.write(edited, (repo.read(edited) ?? "") + "# tweaked by hand\n")
    try FileManager.default.removeItem(atPath: repo.path("deploy/dev/cluster/namespace-alpha-dev.yaml"))
    try repo.write("deploy/prod/notes.yaml", "a: b\n")
    try repo.writePlatform([("alpha", "8"), ("beta", "12")])

    let outcome = try DriftRun.run(DriftRun.Request(root: repo.root))
    XCTAssertEqual(
      outcome.drift.map { "\($0.kind.rawValue) \($0.path)" },
      [
        "deleted dev/cluster/namespace-alpha-dev.yaml",
        "added prod/notes.yaml",
        "modified prod/tenants/alpha/limitrange-container-defaults.yaml",
      ])
    let unapplied = try XCTUnwrap(outcome.unapplied)
    XCTAssertEqual(Set(unapplied.changes.map { $0.identity?.kind ?? "" }), ["ResourceQuota", "ClusterQueue"])
    XCTAssertEqual(unapplied.count(.update), 4, "beta's quota and cluster queue in dev and prod")
    XCTAssertFalse(unapplied.changes.contains { outcome.drift.map(\.path).contains($0.path) }, "the lists never overlap")
    // A comment is not a field change, and the report says so.
    XCTAssertEqual(outcome.drift.last?.fields, [])
    XCTAssertEqual(outcome.drift.last?.contentsChanged, false)
  }

  func testADriftedFileShowsWhatChangedInIt() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    XCTAssertFalse(try ApplyRun.run(ApplyRun.Request(root: repo.root)).compilation.diagnostics.hasErrors)
    let quota = "deploy/prod/tenants/alpha/resourcequota-tenant-quota.yaml"
    let text = try XCTUnwrap(repo.read(quota))
    XCTAssertTrue(text.contains("requests.cpu: \"8\""), text)
    try repo.write(quota, text.replacingOccurrences(of: "requests.cpu: \"8\"", with: "requests.cpu: \"64\""))
    let outcome = try DriftRun.run(DriftRun.Request(root: repo.root))
    let entry = try XCTUnwrap(outcome.drift.first)
    XCTAssertEqual(entry.kind, .modified)
    XCTAssertEqual(entry.fields.map { TextPlanRenderer.fieldLine($0) }, [#"~ spec.hard["requests.cpu"]: "64" → "8""#])
    XCTAssertEqual(outcome.unapplied?.isEmpty, true, "the spec did not change")
  }

  func testAgainstADeployBranchWithoutRecordsAnImmutableChangeIsAReplace() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    XCTAssertFalse(try ApplyRun.run(ApplyRun.Request(root: repo.root)).compilation.diagnostics.hasErrors)
    // A deploy branch written by another tool: no records, and its LocalQueue points elsewhere.
    try repo.git("checkout", "-q", "--orphan", "deploy")
    try repo.git("rm", "-rq", "--cached", ".")
    for file in ["deploy/prod/.paved-applied", "deploy/dev/.paved-applied", "deploy/gitops/.paved-applied"] {
      try FileManager.default.removeItem(atPath: repo.path(file))
    }
    let queue = "deploy/prod/tenants/alpha/localqueue-default.yaml"
    try repo.write(queue, (repo.read(queue) ?? "").replacingOccurrences(of: "clusterQueue: alpha-prod", with: "clusterQueue: shared-prod"))
    try repo.git("add", "deploy")
    try repo.git("commit", "-qm", "deploy tree")
    try repo.git("checkout", "-q", "-f", "main")
    try? FileManager.default.removeItem(atPath: repo.path("deploy"))  // the branch, not a directory, is what is compared

    let outcome = try DriftRun.run(DriftRun.Request(root: repo.root, against: "deploy"))
    XCTAssertFalse(outcome.compilation.diagnostics.hasErrors, "\(outcome.compilation.diagnostics.all)")
    XCTAssertEqual(outcome.unrecordedScopes, ["dev", "prod", "gitops"])
    let plan = try XCTUnwrap(outcome.unapplied)
    XCTAssertEqual(plan.changes.map(\.action), [.replace])
    XCTAssertEqual(plan.changes.first?.replacementReasons.map(\.description), ["spec.clusterQueue"])
  }

  func testANameThatIsBothADirectoryAndABranchIsRefused() throws {
    let repo = try makeRepo()
    try repo.writePlatform([("alpha", "8")])
    try repo.commit("alpha")
    XCTAssertFalse(try ApplyRun.run(ApplyRun.Request(root: repo.root)).compilation.diagnostics.hasErrors)
    try repo.git("branch", "deploy")  // deploy/ (the output directory) and the branch `deploy`
    let ambiguous = try DriftRun.run(DriftRun.Request(root: repo.root, against: "deploy"))
    XCTAssertEqual(ambiguous.compilation.diagnostics.all.map(\.code), [.ambiguousAgainst])
    XCTAssertNil(ambiguous.unapplied)
    let directory = try DriftRun.run(DriftRun.Request(root: repo.root, against: "./deploy"))
    XCTAssertFalse(directory.compilation.diagnostics.hasErrors, "\(directory.compilation.diagnostics.all)")
    XCTAssertEqual(directory.drift, [])
    XCTAssertEqual(directory.unapplied?.isEmpty, true)
  }
}

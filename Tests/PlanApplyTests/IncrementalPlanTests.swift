import Driver
import Planning
import TestSupport
import XCTest

/// A plan skips rendering the tenants that render the same on both sides. These tests hold it to
/// the plan that renders both sides in full, over random platforms and random edits.
final class IncrementalPlanTests: XCTestCase {
  private func plan(_ repo: PlatformRepo, skipping: Bool, environments: [String]? = nil) throws -> PlanRun.Outcome {
    var request = PlanRun.Request(root: repo.root, base: "HEAD", environments: environments)
    request.skipsUnchangedTenants = skipping
    return try PlanRun.run(request)
  }

  private func write(_ world: RandomPlatform, to repo: PlatformRepo) throws {
    try repo.write("platform.yaml", world.platformYAML)
    for e in RandomPlatform.environments.indices {
      try repo.write("environments/\(RandomPlatform.environments[e]).yaml", world.environmentYAML(e))
    }
  }

  /// A repository whose HEAD holds a random platform of `tenants` tenants.
  private func committed(seed: UInt64, tenants: Int) throws -> (PlatformRepo, SplitMix64, RandomPlatform) {
    let repo = try makeRepo()
    var random = SplitMix64(state: seed)
    let world = RandomPlatform(&random, tenants: tenants)
    try write(world, to: repo)
    try repo.commit("base")
    return (repo, random, world)
  }

  func testSkippingUnchangedTenantsPlansExactlyWhatAFullRenderPlans() throws {
    var (repo, random, world) = try committed(seed: 0x9E37_79B9_7F4A_7C15, tenants: 6)
    var skippedSome = 0
    var changedSome = 0
    for step in 0..<60 {
      var edits: [String] = []
      for _ in 0...random.below(3) { edits.append(world.edit(&random)) }
      try write(world, to: repo)
      let fast = try plan(repo, skipping: true)
      let full = try plan(repo, skipping: false)
      let context = "step \(step): \(edits.joined(separator: "; "))"
      XCTAssertFalse(full.diagnostics.hasErrors, "\(context): \(full.diagnostics.all.map(\.summary))")
      let fastPlan = try XCTUnwrap(fast.plan, context)
      let fullPlan = try XCTUnwrap(full.plan, context)
      XCTAssertEqual(full.skippedTenants, 0, context)
      XCTAssertEqual(
        JSONPlanRenderer.render(fastPlan, metadata: fast.metadata), JSONPlanRenderer.render(fullPlan, metadata: full.metadata), context)
      XCTAssertEqual(
        MarkdownPlanRenderer().render(fastPlan, metadata: fast.metadata), MarkdownPlanRenderer().render(fullPlan, metadata: full.metadata), context)
      // One environment only (`--env prod`): the unchanged count covers that directory alone.
      if step % 3 == 0 {
        let fastProd = try plan(repo, skipping: true, environments: ["prod"])
        let fullProd = try plan(repo, skipping: false, environments: ["prod"])
        XCTAssertEqual(
          fastProd.plan.map { JSONPlanRenderer.render($0, metadata: fastProd.metadata) },
          fullProd.plan.map { JSONPlanRenderer.render($0, metadata: fullProd.metadata) }, "--env prod, " + context)
      }
      if fast.skippedTenants > 0 { skippedSome += 1 }
      if !fullPlan.changes.isEmpty { changedSome += 1 }
      try repo.commit("step \(step)")
    }
    // The comparison meant something: most steps skipped tenants and most changed something.
    XCTAssertGreaterThan(skippedSome, 40)
    XCTAssertGreaterThan(changedSome, 40)
  }

  func testOnlyTheEditedTenantIsRendered() throws {
    var (repo, _, world) = try committed(seed: 7, tenants: 5)
    world.tenants[4].cpu = "8"
    try write(world, to: repo)
    try repo.commit("base")
    world.tenants[2].l4 += 1
    world.tenants[4].cpu = "8000m"  // the same value in other words: rendered differently
    world.leadingComments = 3  // moves every origin: not a change
    try write(world, to: repo)
    let outcome = try plan(repo, skipping: true)
    XCTAssertEqual(outcome.skippedTenants, 3)
    let plan = try XCTUnwrap(outcome.plan)
    // Two ClusterQueues per edited tenant (dev, prod).
    XCTAssertEqual(Set(plan.changes.compactMap(\.identity?.name).filter { $0.hasPrefix("team-") }).count, 4)
    XCTAssertGreaterThan(plan.unchangedCount, 50)
  }

  /// When tenants are added or removed, the base's unchanged tenants are left out of its render
  /// (their paths stand in for them). The rest must still render as from the whole platform: a
  /// tenant's `allow-ingress` lets Knative's activator in when any model of the platform runs in
  /// Knative mode, here only a model of the left-out tenant `serving`.
  func testTheBasesRenderedTenantsSeeTheWholePlatform() throws {
    let repo = try makeRepo()
    func write(tenants: [(String, String)]) throws {
      let list = tenants.map { "    - { name: \($0.0), owners: [group:a], quota: { cpu: \"\($0.1)\", memory: 8Gi } }" }
      try repo.write(
        "platform.yaml",
        """
        apiVersion: paved.dev/v1alpha1
        kind: Platform
        metadata: { name: t }
        spec:
          kubernetesVersion: "1.33"
          gitops: { engine: argocd, repoURL: https://git.example.com/x.git }
          tenants:
        \(list.joined(separator: "\n"))
          models:
            - name: ranker
              tenant: serving
              serving: { format: onnx, deploymentMode: Knative, resources: { cpu: "1", memory: 1Gi }, replicas: { min: 1, max: 2 } }
          environments: [dev]

        """)
    }
    try repo.write(
      "environments/dev.yaml",
      """
      apiVersion: paved.dev/v1alpha1
      kind: Environment
      metadata: { name: dev }
      spec:
        cluster: { name: dev, server: https://dev.example.com }
        models: { ranker: { version: 1.0.0, artifact: s3://models/ranker/1, digest: "sha256:\(String(repeating: "ab", count: 32))" } }

      """)
    try write(tenants: [("edited", "2"), ("serving", "2")])
    try repo.commit("base")
    try write(tenants: [("added", "1"), ("edited", "3"), ("serving", "2")])
    let fast = try plan(repo, skipping: true)
    let full = try plan(repo, skipping: false)
    XCTAssertEqual(fast.skippedTenants, 1)
    let fastPlan = try XCTUnwrap(fast.plan, "\(fast.diagnostics.all.map(\.summary))")
    let fullPlan = try XCTUnwrap(full.plan)
    XCTAssertFalse(fullPlan.changes.contains { $0.path.hasSuffix("edited/networkpolicy-allow-ingress.yaml") })
    XCTAssertEqual(JSONPlanRenderer.render(fastPlan, metadata: fast.metadata), JSONPlanRenderer.render(fullPlan, metadata: full.metadata))
  }
}

import Artifacts
import Driver
import TestSupport
import VirtualFileSystem
import XCTest

/// Same input → same bytes, whatever the order of tenants, pools, owners or mapping keys.
final class DeterminismTests: XCTestCase {
  struct TenantText {
    let name: String, owners: [String], cpu: String, memory: String, gpus: [(String, Int)]
  }

  static let tenants = [
    TenantText(name: "alpha", owners: ["group:a", "user:z@example.com"], cpu: "8", memory: "32Gi", gpus: [("h100", 2), ("mig", 4)]),
    TenantText(name: "beta", owners: ["group:b"], cpu: "4", memory: "16Gi", gpus: [("h100", 1)]),
    TenantText(name: "gamma", owners: ["user:g@example.com", "group:g"], cpu: "2", memory: "8Gi", gpus: [("mig", 8)]),
  ]

  /// A platform with the given tenant order; `flipKeys` writes every mapping's keys in another order.
  static func platform(order: [Int], flipKeys: Bool) -> String {
    let pools = [
      "    - { name: h100, resource: nvidia.com/gpu, capacity: 8, nodeLabels: { b: \"2\", a: \"1\" } }",
      "    - { name: mig, resource: nvidia.com/mig-1g.10gb, capacity: 16, sharing: mig }",
    ]
    var tenantLines: [String] = []
    for i in order {
      let t = tenants[i]
      let owners = flipKeys ? t.owners.reversed() : t.owners
      let gpus = (flipKeys ? t.gpus.reversed() : t.gpus).map { "\($0.0): \($0.1)" }.joined(separator: ", ")
      let quota =
        flipKeys
        ? "{ gpus: { \(gpus) }, memory: \(t.memory), cpu: \"\(t.cpu)\" }"
        : "{ cpu: \"\(t.cpu)\", memory: \(t.memory), gpus: { \(gpus) } }"
      let parts = ["name: \(t.name)", "owners: [\(owners.joined(separator: ", "))]", "quota: \(quota)"]
      tenantLines.append("    - { \((flipKeys ? parts.reversed() : parts).joined(separator: ", ")) }")
    }
    let specLines = [
      "  kubernetesVersion: \"1.33\"",
      "  gitops: { engine: argocd, repoURL: https://git.example.com/x.git }",
      "  gpuPools:\n" + (flipKeys ? pools.reversed() : pools).joined(separator: "\n"),
      "  tenants:\n" + tenantLines.joined(separator: "\n"),
      "  environments: [dev, prod]",
    ]
    let header = ["apiVersion: paved.dev/v1alpha1", "kind: Platform", "metadata: { name: det }"]
    return ((flipKeys ? header.reversed() : header) + ["spec:"] + (flipKeys ? specLines.reversed() : specLines)).joined(separator: "\n") + "\n"
  }

  static func render(_ platform: String) throws -> [String: [UInt8]] {
    var files = ["platform.yaml": platform]
    for env in ["dev", "prod"] {
      files["environments/\(env).yaml"] =
        "apiVersion: paved.dev/v1alpha1\nkind: Environment\nmetadata: { name: \(env) }\nspec: { cluster: { name: c-\(env), server: https://\(env).example.com } }\n"
    }
    let result = try Compilation.compile(InMemoryFileSystem(text: files), CompileRequest())
    XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics.all.map(\.summary))")
    var out: [String: [UInt8]] = [:]
    for artifact in result.artifacts?.artifacts ?? [] { out[artifact.path] = artifact.contents }
    return out
  }

  func testRepeatedRunsAreByteIdentical() throws {
    let text = Self.platform(order: [0, 1, 2], flipKeys: false)
    let first = try Self.render(text)
    XCTAssertFalse(first.isEmpty)
    for _ in 0..<3 { XCTAssertEqual(try Self.render(text), first) }
  }

  func testReorderedTenantsAndKeysGiveTheSameBytes() throws {
    let reference = try Self.render(Self.platform(order: [0, 1, 2], flipKeys: false))
    for order in [[2, 1, 0], [1, 0, 2], [2, 0, 1]] {
      for flip in [false, true] {
        let variant = Self.platform(order: order, flipKeys: flip)
        XCTAssertNotEqual(variant, Self.platform(order: [0, 1, 2], flipKeys: false))
        let rendered = try Self.render(variant)
        XCTAssertEqual(Set(rendered.keys), Set(reference.keys))
        for (path, bytes) in reference where rendered[path] != bytes {
          XCTFail("order \(order) flip \(flip): \(path) differs")
        }
      }
    }
  }

  func testAChangedQuotaChangesOnlyItsObjects() throws {
    let base = Self.platform(order: [0, 1, 2], flipKeys: false)
    let changed = base.replacingOccurrences(of: "cpu: \"4\"", with: "cpu: \"6\"")
    let a = try Self.render(base)
    let b = try Self.render(changed)
    let differing = a.keys.filter { a[$0] != b[$0] }.sorted()
    XCTAssertEqual(
      differing,
      [
        "dev/cluster/clusterqueue-beta-dev.yaml", "dev/tenants/beta/resourcequota-tenant-quota.yaml",
        "prod/cluster/clusterqueue-beta-prod.yaml", "prod/tenants/beta/resourcequota-tenant-quota.yaml",
      ])
  }
}

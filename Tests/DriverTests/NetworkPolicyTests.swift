import Artifacts
import Driver
import TestSupport
import VirtualFileSystem
import XCTest

/// Tenant NetworkPolicies let the platform work: same-namespace traffic, DNS (NodeLocal too),
/// storage egress for predictors, the gateway, Knative's activator, the scraper, opt-in API server.
final class NetworkPolicyTests: XCTestCase {
  static let digest = "sha256:" + String(repeating: "ab", count: 32)

  /// Renders a one-tenant platform with `network` under spec and a model in `mode`, pinned in dev when `pinned`.
  private func policies(network: String = "", mode: String = "Standard", pinned: Bool = true) throws -> [String: KValue] {
    let platform = """
      apiVersion: paved.dev/v1alpha1
      kind: Platform
      metadata: { name: t }
      spec:
        kubernetesVersion: "1.33"
        gitops: { engine: argocd, repoURL: https://git.example.com/x.git }
      \(network)
        gpuPools: [{ name: l4, resource: nvidia.com/gpu, capacity: 8 }]
        tenants: [{ name: search, owners: [group:a], quota: { cpu: "10", memory: 40Gi, gpus: { l4: 4 } } }]
        models:
          - name: ranker
            tenant: search
            serving: { format: onnx, deploymentMode: \(mode), resources: { cpu: "1", memory: 1Gi }, gpuPool: l4, gpus: 1, replicas: { min: 1, max: 2 } }
        environments: [dev]

      """
    let pin = pinned ? "  models: { ranker: { version: 1.0.0, artifact: s3://models/ranker/1, digest: \"\(Self.digest)\" } }\n" : ""
    let env =
      "apiVersion: paved.dev/v1alpha1\nkind: Environment\nmetadata: { name: dev }\nspec:\n  cluster: { name: dev, server: https://dev.example.com }\n"
      + pin
    let result = try Compilation.compile(InMemoryFileSystem(text: ["platform.yaml": platform, "environments/dev.yaml": env]), CompileRequest())
    XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics.all.map(\.summary))")
    var out: [String: KValue] = [:]
    for a in try XCTUnwrap(result.artifacts).artifacts where a.identity?.kind == "NetworkPolicy" { out[a.identity?.name ?? ""] = a.object }
    return out
  }

  func testPodsOfANamespaceReachEachOther() throws {
    let same = try XCTUnwrap(try policies()["allow-same-namespace"])
    XCTAssertEqual(same[path: "spec.policyTypes"], .list([.string("Ingress"), .string("Egress")]))
    XCTAssertEqual(same[path: "spec.egress"], .list([.object(["to": .list([.object(["podSelector": .map(KMap())])])])]))
  }

  func testPredictorsReachModelStorageOnlyWhereModelsAreServed() throws {
    let storage = try XCTUnwrap(try policies()["allow-model-storage-egress"])
    XCTAssertEqual(storage[path: "spec.podSelector"], .object(["matchLabels": .object(["component": .string("predictor")])]))
    XCTAssertEqual(storage[path: "spec.egress"].lists.count, 2, "TCP 443 to 0.0.0.0/0 and ::/0 by default")
    XCTAssertNil(try policies(pinned: false)["allow-model-storage-egress"])
    let custom = try XCTUnwrap(try policies(network: "  network: { egress: [{ cidr: 10.20.0.0/16, ports: [9000] }] }")["allow-model-storage-egress"])
    XCTAssertEqual(
      custom[path: "spec.egress"],
      .list([
        .object([
          "to": .list([.object(["ipBlock": .object(["cidr": .string("10.20.0.0/16")])])]),
          "ports": .list([.object(["protocol": .string("TCP"), "port": .int(9000)])]),
        ])
      ]))
  }

  func testDNSThroughKubeDNSAndNodeLocal() throws {
    let plain = try XCTUnwrap(try policies()["allow-dns-egress"])
    XCTAssertEqual(plain[path: "spec.egress"].lists.first?[path: "to"].lists.count, 1)
    let local = try XCTUnwrap(try policies(network: "  network: { nodeLocalDNS: 169.254.20.10 }")["allow-dns-egress"])
    XCTAssertEqual(
      local[path: "spec.egress"].lists.first?[path: "to"].lists.last, .object(["ipBlock": .object(["cidr": .string("169.254.20.10/32")])]))
  }

  func testKnativeModeLetsTheActivatorIn() throws {
    func sources(_ p: [String: KValue]) -> [String] {
      (p["allow-ingress"]?[path: "spec.ingress"].lists.first?[path: "from"].lists ?? []).compactMap {
        $0[path: "namespaceSelector.matchLabels"]?.map?["kubernetes.io/metadata.name"]?.string
      }
    }
    XCTAssertEqual(sources(try policies()), ["istio-system", "monitoring"])
    XCTAssertEqual(sources(try policies(mode: "Knative")), ["istio-system", "monitoring", "knative-serving"])
  }

  func testTheAPIServerIsAnOptIn() throws {
    XCTAssertNil(try policies()["allow-apiserver-egress"])
    let api = try XCTUnwrap(try policies(network: "  network: { apiServer: [10.0.0.1/32] }")["allow-apiserver-egress"])
    XCTAssertEqual(api[path: "spec.egress"].lists.first?[path: "to"], .list([.object(["ipBlock": .object(["cidr": .string("10.0.0.1/32")])])]))
  }
}

extension Optional where Wrapped == KValue {
  var lists: [KValue] {
    if case .list(let items)? = self { return items }
    return []
  }
}

import Artifacts
import Planning

/// Small hand-built Kubernetes objects for planner tests.
enum PlanFixtures {
  static func namespace(_ name: String, scope: String = "prod", labels: [String: String] = [:]) -> Artifact {
    .manifest(
      path: "\(scope)/cluster/namespace-\(name).yaml",
      object: .object([
        "apiVersion": .string("v1"), "kind": .string("Namespace"),
        "metadata": .object(["name": .string(name), "labels": .sortedStrings(labels)]),
      ]), origin: nil)
  }

  static func localQueue(_ namespace: String, clusterQueue: String, scope: String = "prod") -> Artifact {
    .manifest(
      path: "\(scope)/tenants/\(namespace)/localqueue-default.yaml",
      object: .object([
        "apiVersion": .string("kueue.x-k8s.io/v1beta2"), "kind": .string("LocalQueue"),
        "metadata": .object(["name": .string("default"), "namespace": .string(namespace)]),
        "spec": .object(["clusterQueue": .string(clusterQueue)]),
      ]), origin: nil)
  }

  static func quota(_ namespace: String, cpu: String, gpus: Int = 1, scope: String = "prod") -> Artifact {
    .manifest(
      path: "\(scope)/tenants/\(namespace)/resourcequota-tenant-quota.yaml",
      object: .object([
        "apiVersion": .string("v1"), "kind": .string("ResourceQuota"),
        "metadata": .object(["name": .string("tenant-quota"), "namespace": .string(namespace)]),
        "spec": .object(["hard": .object(["requests.cpu": .string(cpu), "requests.nvidia.com/gpu": .string(String(gpus))])]),
      ]), origin: nil)
  }

  static func secret(_ namespace: String, _ name: String, data: [String: String], note: String = "x", scope: String = "prod") -> Artifact {
    .manifest(
      path: "\(scope)/tenants/\(namespace)/secret-\(name).yaml",
      object: .object([
        "apiVersion": .string("v1"), "kind": .string("Secret"),
        "metadata": .object(["name": .string(name), "namespace": .string(namespace), "annotations": .object(["note": .string(note)])]),
        "type": .string("Opaque"),
        "data": .sortedStrings(data),
        "stringData": .sortedStrings(data),
      ]), origin: nil)
  }

  static func deployment(_ namespace: String, containers: [(String, String)], scope: String = "prod") -> Artifact {
    .manifest(
      path: "\(scope)/tenants/\(namespace)/deployment-app.yaml",
      object: .object([
        "apiVersion": .string("apps/v1"), "kind": .string("Deployment"),
        "metadata": .object(["name": .string("app"), "namespace": .string(namespace)]),
        "spec": .object([
          "template": .object([
            "spec": .object([
              "containers": .list(containers.map { .object(["name": .string($0.0), "image": .string($0.1)]) }),
              "args": .list(containers.map { .string($0.0) }),
            ])
          ])
        ]),
      ]), origin: nil)
  }

  static func set(_ artifacts: [Artifact]) throws -> ArtifactSet { try ArtifactSet(artifacts) }

  static let metadata = PlanMetadata(
    base: .init(revision: "HEAD~1", sha: "0123456789abcdef0123456789abcdef01234567"),
    head: .init(revision: "working tree"), inputFingerprint: "sha256:" + String(repeating: "ab", count: 32))
}

import Artifacts
import Diagnostics
import PlatformModel

/// Tenant isolation: deny everything, then allow DNS out and traffic in from the namespace itself,
/// the serving gateway and the metrics scraper.
enum NetworkPolicies {
  static func policy(_ path: @autoclosure () -> String, _ name: String, _ c: EmitContext, namespace: String, labels: Labels, origin: SourceRange?, spec: KValue) -> Artifact {
    c.manifest(path(), "networking.k8s.io/v1", "NetworkPolicy", name: name, namespace: namespace, labels: labels, origin: origin) { b in
      b.field("spec", spec)
    }
  }

  static func namespaceSelector(_ name: String) -> KValue {
    .object(["namespaceSelector": .object(["matchLabels": .object(["kubernetes.io/metadata.name": .string(name)])])])
  }

  /// Specs that are the same for every tenant and environment are built once and shared (a
  /// `KValue` is copy-on-write), which saves their allocations and memory per tenant × environment.
  static let defaultDenySpec: KValue = .object([
    "podSelector": .map(KMap()),
    "policyTypes": .list([.string("Ingress"), .string("Egress")]),
  ])

  static let dnsEgressSpec: KValue = .object([
    "podSelector": .map(KMap()),
    "policyTypes": .list([.string("Egress")]),
    "egress": .list([
      .object([
        "to": .list([
          .object([
            "namespaceSelector": .object(["matchLabels": .object(["kubernetes.io/metadata.name": .string("kube-system")])]),
            "podSelector": .object(["matchLabels": .object(["k8s-app": .string("kube-dns")])]),
          ])
        ]),
        "ports": .list([
          .object(["protocol": .string("UDP"), "port": .int(53)]),
          .object(["protocol": .string("TCP"), "port": .int(53)]),
        ]),
      ])
    ]),
  ])

  /// The ingress policy's spec: the same for every tenant of a platform, so built once per context.
  static func ingressSpec(_ platform: Platform) -> KValue {
    .object([
      "podSelector": .map(KMap()),
      "policyTypes": .list([.string("Ingress")]),
      "ingress": .list([
        .object([
          "from": .list([
            .object(["podSelector": .map(KMap())]),
            namespaceSelector(platform.network.gatewayNamespace),
            namespaceSelector(platform.network.monitoringNamespace),
          ])
        ])
      ]),
    ])
  }
}

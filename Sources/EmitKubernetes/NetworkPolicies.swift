import Artifacts
import Diagnostics
import PlatformModel

/// Tenant isolation: deny everything, then allow what the platform needs to work:
/// - traffic between the namespace's own pods, both ways;
/// - DNS out (kube-dns, and NodeLocal DNSCache's address when the cluster runs it);
/// - traffic in from the serving gateway, the metrics scraper and, when a model runs in Knative mode,
///   `knative-serving` (its activator proxies requests while a revision scales from zero);
/// - predictor pods out to model storage (`spec.network.egress`; default TCP 443 anywhere), so the
///   storage-initializer can download the artifact; only in namespaces that serve a model;
/// - the API server, only when `spec.network.apiServer` opts in.
enum NetworkPolicies {
  static func policy(
    _ path: String, _ name: String, _ c: EmitContext, namespace: String, labels: Labels, origin: SourceRange?, spec: KValue
  ) -> Artifact {
    c.manifest(path, "networking.k8s.io/v1", "NetworkPolicy", name: name, namespace: namespace, labels: labels, origin: origin) { b in
      b.field("spec", spec)
    }
  }

  static func namespaceSelector(_ name: String) -> KValue {
    .object(["namespaceSelector": .object(["matchLabels": .object(["kubernetes.io/metadata.name": .string(name)])])])
  }

  /// The namespace KServe's Knative mode routes requests through (the activator).
  static let knativeNamespace = "knative-serving"

  /// Specs that are the same for every tenant and environment are built once and shared (a
  /// `KValue` is copy-on-write), which saves their allocations and memory per tenant × environment.
  static let defaultDenySpec: KValue = .object([
    "podSelector": .map(KMap()),
    "policyTypes": .list([.string("Ingress"), .string("Egress")]),
  ])

  static let sameNamespaceSpec: KValue = .object([
    "podSelector": .map(KMap()),
    "policyTypes": .list([.string("Ingress"), .string("Egress")]),
    "ingress": .list([.object(["from": .list([.object(["podSelector": .map(KMap())])])])]),
    "egress": .list([.object(["to": .list([.object(["podSelector": .map(KMap())])])])]),
  ])

  static let dnsPorts: KValue = .list([
    .object(["protocol": .string("UDP"), "port": .int(53)]),
    .object(["protocol": .string("TCP"), "port": .int(53)]),
  ])

  /// The specs that depend on `spec.network` and the models, built once per emitting context.
  struct Specs: Sendable {
    var ingress: KValue
    var dnsEgress: KValue
    var storageEgress: KValue
    var apiServerEgress: KValue?

    init(_ platform: Platform) {
      ingress = NetworkPolicies.ingressSpec(platform)
      dnsEgress = NetworkPolicies.dnsEgressSpec(platform.network)
      storageEgress = NetworkPolicies.storageEgressSpec(platform.network)
      apiServerEgress = platform.network.apiServer.isEmpty ? nil : NetworkPolicies.apiServerSpec(platform.network)
    }
  }

  static func dnsEgressSpec(_ network: Network) -> KValue {
    var peers: [KValue] = [
      .object([
        "namespaceSelector": .object(["matchLabels": .object(["kubernetes.io/metadata.name": .string("kube-system")])]),
        "podSelector": .object(["matchLabels": .object(["k8s-app": .string("kube-dns")])]),
      ])
    ]
    if let ip = network.nodeLocalDNS { peers.append(ipBlock(host(ip))) }
    return .object([
      "podSelector": .map(KMap()),
      "policyTypes": .list([.string("Egress")]),
      "egress": .list([.object(["to": .list(peers), "ports": dnsPorts])]),
    ])
  }

  /// The ingress policy's spec: the same for every tenant of a platform, so built once per context.
  static func ingressSpec(_ platform: Platform) -> KValue {
    var from = [namespaceSelector(platform.network.gatewayNamespace), namespaceSelector(platform.network.monitoringNamespace)]
    if platform.models.contains(where: { $0.serving?.knative ?? false }) && platform.network.gatewayNamespace != knativeNamespace {
      from.append(namespaceSelector(knativeNamespace))
    }
    return .object([
      "podSelector": .map(KMap()),
      "policyTypes": .list([.string("Ingress")]),
      "ingress": .list([.object(["from": .list(from)])]),
    ])
  }

  /// Predictor pods (KServe labels them `component: predictor`) out to model storage.
  static func storageEgressSpec(_ network: Network) -> KValue {
    .object([
      "podSelector": .object(["matchLabels": .object(["component": .string("predictor")])]),
      "policyTypes": .list([.string("Egress")]),
      "egress": .list(
        network.storageEgress.map { rule in
          .object(["to": .list([ipBlock(rule.cidr)]), "ports": .list(rule.ports.map { .object(["protocol": .string("TCP"), "port": .int($0)]) })])
        }),
    ])
  }

  static func apiServerSpec(_ network: Network) -> KValue {
    .object([
      "podSelector": .map(KMap()),
      "policyTypes": .list([.string("Egress")]),
      "egress": .list([
        .object([
          "to": .list(network.apiServer.map(ipBlock)),
          "ports": .list([443, 6443].map { .object(["protocol": .string("TCP"), "port": .int($0)]) }),
        ])
      ]),
    ])
  }

  static func ipBlock(_ cidr: String) -> KValue { .object(["ipBlock": .object(["cidr": .string(cidr)])]) }

  /// A single address as a CIDR.
  static func host(_ ip: String) -> String { ip.contains(":") ? "\(ip)/128" : "\(ip)/32" }
}

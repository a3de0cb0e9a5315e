import Artifacts
import PlatformModel

/// Namespace-scoped objects of one tenant in one environment.
enum TenantObjects {
  static func emit(_ tenant: Tenant, _ c: EmitContext) -> [Artifact] {
    let ns = c.namespace(of: tenant.name)
    let dir = "tenants/\(tenant.name)/"
    let labels = c.commonLabels(tenant: tenant.name)
    let o = tenant.origin
    return [
      c.manifest(dir + "namespace-\(ns).yaml", namespace(tenant, c), origin: o),
      c.manifest(dir + "resourcequota-tenant-quota.yaml", TenantQuota.resourceQuota(tenant, c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "limitrange-container-defaults.yaml", TenantQuota.limitRange(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "rolebinding-paved-owners.yaml", ownersBinding(tenant, c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "networkpolicy-default-deny-all.yaml", NetworkPolicies.defaultDeny(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "networkpolicy-allow-dns-egress.yaml", NetworkPolicies.dnsEgress(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "networkpolicy-allow-ingress.yaml", NetworkPolicies.ingress(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "localqueue-default.yaml", localQueue(tenant, c, namespace: ns, labels: labels), origin: o),
    ]
  }

  static func namespace(_ tenant: Tenant, _ c: EmitContext) -> KValue {
    var labels = c.commonLabels(tenant: tenant.name)
    let version = "v1.\(c.platform.kubernetesMinor)"
    for mode in ["enforce", "audit", "warn"] {
      labels.append(("pod-security.kubernetes.io/\(mode)", "restricted"))
      labels.append(("pod-security.kubernetes.io/\(mode)-version", version))
    }
    labels.append(("paved.dev/priority", tenant.priority.rawValue))
    return .object([
      "apiVersion": .string("v1"),
      "kind": .string("Namespace"),
      "metadata": c.metadata(name: c.namespace(of: tenant.name), labels: labels),
    ])
  }

  static func ownersBinding(_ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> KValue {
    .object([
      "apiVersion": .string("rbac.authorization.k8s.io/v1"),
      "kind": .string("RoleBinding"),
      "metadata": c.metadata(name: "paved-owners", namespace: namespace, labels: labels),
      "roleRef": .object([
        "apiGroup": .string("rbac.authorization.k8s.io"), "kind": .string("ClusterRole"), "name": .string("edit"),
      ]),
      "subjects": .list(
        tenant.owners.map { owner in
          .object([
            "apiGroup": .string("rbac.authorization.k8s.io"), "kind": .string(owner.kind.rawValue),
            "name": .string(owner.name),
          ])
        }),
    ])
  }

  static func localQueue(_ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> KValue {
    .object([
      "apiVersion": .string("kueue.x-k8s.io/v1beta2"),
      "kind": .string("LocalQueue"),
      "metadata": c.metadata(name: "default", namespace: namespace, labels: labels),
      "spec": .object(["clusterQueue": .string(c.clusterQueue(of: tenant.name))]),
    ])
  }
}

import Artifacts
import PlatformModel

/// Namespace-scoped objects of one tenant in one environment.
enum TenantObjects {
  /// The tenant's namespaced objects, in path order (the Namespace itself is cluster-scoped and lives
  /// with the cluster objects, so a tenant's Argo CD project needs no cluster-scoped kinds).
  static func emit(_ tenant: Tenant, _ c: EmitContext) -> [Artifact] {
    let ns = c.namespace(of: tenant.name)
    let dir = "tenants/\(tenant.name)/"
    let labels = c.commonLabels(tenant: tenant.name)
    let o = tenant.origin
    let pins = c.pinsByTenant[tenant.name] ?? []
    var out: [Artifact] = []
    for (pin, model) in pins {
      guard let isvc = InferenceServiceObject.make(model, pin, tenant, c) else { continue }
      out.append(c.manifest(dir + "inferenceservice-\(model.name).yaml", isvc, origin: pin.origin))
    }
    out += [
      c.manifest(dir + "limitrange-container-defaults.yaml", TenantQuota.limitRange(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "localqueue-default.yaml", localQueue(tenant, c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "networkpolicy-allow-dns-egress.yaml", NetworkPolicies.dnsEgress(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "networkpolicy-allow-ingress.yaml", NetworkPolicies.ingress(c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "networkpolicy-default-deny-all.yaml", NetworkPolicies.defaultDeny(c, namespace: ns, labels: labels), origin: o),
    ]
    for (pin, model) in pins {
      guard let rule = AlertRules.modelRule(model, pin, tenant, c) else { continue }
      out.append(c.manifest(dir + "prometheusrule-model-\(model.name).yaml", rule, origin: pin.origin))
    }
    out += [
      c.manifest(dir + "prometheusrule-queue.yaml", AlertRules.queueRule(tenant, c), origin: o),
      c.manifest(dir + "resourcequota-tenant-quota.yaml", TenantQuota.resourceQuota(tenant, c, namespace: ns, labels: labels), origin: o),
      c.manifest(dir + "rolebinding-paved-owners.yaml", ownersBinding(tenant, c, namespace: ns, labels: labels), origin: o),
    ]
    return out
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
      "metadata": c.metadata(name: c.namespace(of: tenant.name), labels: labels, annotations: c.wave(-4)),
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
      "metadata": c.metadata(name: "default", namespace: namespace, labels: labels, annotations: c.wave(1)),
      "spec": .object(["clusterQueue": .string(c.clusterQueue(of: tenant.name))]),
    ])
  }
}

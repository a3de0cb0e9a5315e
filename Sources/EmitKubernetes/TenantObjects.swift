import Artifacts
import PlatformModel

/// Namespace-scoped objects of one tenant in one environment.
enum TenantObjects {
  /// The tenant's namespaced objects, in path order (the Namespace itself is cluster-scoped and lives
  /// with the cluster objects, so a tenant's Argo CD project needs no cluster-scoped kinds).
  static func emit(_ tenant: Tenant, _ c: EmitContext) -> [Artifact] {
    let ns = c.namespace(of: tenant.name)
    let dir = "tenants/\(tenant.name)/"
    let labels = c.pathsOnly ? [] : c.commonLabels(tenant: tenant.name)
    let o = tenant.origin
    let pins = c.pinsByTenant[tenant.name] ?? []
    var out: [Artifact] = []
    out.reserveCapacity(8 + 5 * pins.count)
    for (pin, model) in pins {
      guard let isvc = InferenceServiceObject.make(dir + "inferenceservice-\(model.name).yaml", model, pin, tenant, c) else { continue }
      out.append(isvc)
    }
    out.append(TenantQuota.limitRange(dir + "limitrange-container-defaults.yaml", c, namespace: ns, labels: labels, origin: o))
    out.append(localQueue(dir + "localqueue-default.yaml", tenant, c, namespace: ns, labels: labels))
    let net = c.networkSpecs
    if let api = net.apiServerEgress {
      out.append(
        NetworkPolicies.policy(
          dir + "networkpolicy-allow-apiserver-egress.yaml", "allow-apiserver-egress", c, namespace: ns, labels: labels, origin: o, spec: api))
    }
    out.append(
      NetworkPolicies.policy(
        dir + "networkpolicy-allow-dns-egress.yaml", "allow-dns-egress", c, namespace: ns, labels: labels, origin: o, spec: net.dnsEgress))
    out.append(
      NetworkPolicies.policy(
        dir + "networkpolicy-allow-ingress.yaml", "allow-ingress", c, namespace: ns, labels: labels, origin: o, spec: net.ingress))
    if pins.contains(where: { $0.model.serving != nil }) {
      out.append(
        NetworkPolicies.policy(
          dir + "networkpolicy-allow-model-storage-egress.yaml", "allow-model-storage-egress", c, namespace: ns, labels: labels, origin: o,
          spec: net.storageEgress))
    }
    out.append(
      NetworkPolicies.policy(
        dir + "networkpolicy-allow-same-namespace.yaml", "allow-same-namespace", c, namespace: ns, labels: labels, origin: o,
        spec: NetworkPolicies.sameNamespaceSpec))
    out.append(
      NetworkPolicies.policy(
        dir + "networkpolicy-default-deny-all.yaml", "default-deny-all", c, namespace: ns, labels: labels, origin: o,
        spec: NetworkPolicies.defaultDenySpec))
    for (_, model) in pins {
      if let pdb = ServingObjects.disruptionBudget(dir + "poddisruptionbudget-\(model.name).yaml", model, tenant, c) { out.append(pdb) }
    }
    for (_, model) in pins {
      if let monitor = ServingObjects.podMonitor(dir + "podmonitor-model-\(model.name).yaml", model, tenant, c) { out.append(monitor) }
    }
    for (pin, model) in pins {
      guard let rule = AlertRules.modelRule(dir + "prometheusrule-model-\(model.name).yaml", model, pin, tenant, c) else { continue }
      out.append(rule)
    }
    out.append(AlertRules.queueRule(dir + "prometheusrule-queue.yaml", tenant, c))
    out.append(TenantQuota.resourceQuota(dir + "resourcequota-tenant-quota.yaml", tenant, c, namespace: ns, labels: labels))
    out.append(ownersBinding(dir + "rolebinding-paved-owners.yaml", tenant, c, namespace: ns, labels: labels))
    for (_, model) in pins {
      if let account = ServingObjects.serviceAccount(dir + "serviceaccount-\(ServingObjects.serviceAccountName(model)).yaml", model, tenant, c) {
        out.append(account)
      }
    }
    return out
  }

  static func namespace(_ path: @autoclosure () -> String, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    if c.pathsOnly { return c.elidedFile(path()) }
    var labels = c.commonLabels(tenant: tenant.name)
    let version = "v1.\(c.platform.kubernetesMinor)"
    // Enforce the tenant's level; audit and warn at restricted, so a baseline tenant sees the gap.
    for mode in ["enforce", "audit", "warn"] {
      labels.append(("pod-security.kubernetes.io/\(mode)", mode == "enforce" ? tenant.podSecurity.rawValue : "restricted"))
      labels.append(("pod-security.kubernetes.io/\(mode)-version", version))
    }
    labels.append(("paved.dev/priority", tenant.priority.rawValue))
    return c.manifest(
      path(), "v1", "Namespace", name: c.namespace(of: tenant.name), labels: labels, annotations: c.wave(-4) + retention(tenant, c),
      origin: tenant.origin
    ) { _ in }
  }

  /// A namespace holds the tenant's data: unless the spec opts in, the GitOps engine never prunes it
  /// when the tenant leaves the spec, nor deletes it with its Application.
  static func retention(_ tenant: Tenant, _ c: EmitContext) -> Labels {
    guard !tenant.deleteOnRemoval else { return [] }
    switch c.platform.gitops.engine {
    case .argocd: return [("argocd.argoproj.io/sync-options", "Prune=false,Delete=false")]
    case .flux: return [("kustomize.toolkit.fluxcd.io/prune", "disabled")]
    }
  }

  static func ownersBinding(_ path: @autoclosure () -> String, _ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> Artifact {
    c.manifest(
      path(), "rbac.authorization.k8s.io/v1", "RoleBinding", name: "paved-owners", namespace: namespace, labels: labels, origin: tenant.origin
    ) { b in
      b.map("roleRef") { b in
        b.field("apiGroup", "rbac.authorization.k8s.io")
        b.field("kind", "ClusterRole")
        b.field("name", TenantRBAC.roleName)
      }
      b.list("subjects") { b in
        for owner in tenant.owners {
          b.mapItem { b in
            b.field("apiGroup", "rbac.authorization.k8s.io")
            b.field("kind", owner.kind.rawValue)
            b.field("name", owner.name)
          }
        }
      }
    }
  }

  static func localQueue(_ path: @autoclosure () -> String, _ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> Artifact {
    c.manifest(
      path(), "kueue.x-k8s.io/v1beta2", "LocalQueue", name: "default", namespace: namespace, labels: labels, annotations: c.wave(1),
      origin: tenant.origin
    ) { b in
      b.map("spec") { b in b.field("clusterQueue", c.clusterQueue(of: tenant.name)) }
    }
  }
}

import Artifacts
import PlatformModel

/// Namespace-scoped objects of one tenant in one environment.
enum TenantObjects {
  /// The tenant's namespaced objects, in path order (the Namespace itself is cluster-scoped and lives
  /// with the cluster objects, so a tenant's Argo CD project needs no cluster-scoped kinds).
  static func emit<Sink: ArtifactSink>(_ tenant: Tenant, _ c: EmitContext, into sink: inout Sink) {
    let t = tenant.name
    let ns = c.namespace(of: t)
    let dir = "tenants/\(t)/"
    let labels = c.commonLabels(tenant: t)
    let o = tenant.origin
    let served = (c.pinsByTenant[t] ?? []).compactMap { pin, model in model.serving.map { (pin, model, $0) } }
    func policy(_ name: String, _ spec: KValue) {
      c.file(&sink, of: t, dir + "networkpolicy-\(name).yaml") {
        NetworkPolicies.policy($0, name, c, namespace: ns, labels: labels, origin: o, spec: spec)
      }
    }
    for (pin, model, serving) in served {
      c.file(&sink, of: t, dir + "inferenceservice-\(model.name).yaml") { InferenceServiceObject.make($0, model, serving, pin, tenant, c) }
    }
    c.file(&sink, of: t, dir + "limitrange-container-defaults.yaml") {
      TenantQuota.limitRange($0, c, namespace: ns, labels: labels, origin: o)
    }
    c.file(&sink, of: t, dir + "localqueue-default.yaml") { localQueue($0, tenant, c, namespace: ns, labels: labels) }
    let net = c.networkSpecs
    if let api = net.apiServerEgress { policy("allow-apiserver-egress", api) }
    policy("allow-dns-egress", net.dnsEgress)
    policy("allow-ingress", net.ingress)
    if !served.isEmpty { policy("allow-model-storage-egress", net.storageEgress) }
    policy("allow-same-namespace", NetworkPolicies.sameNamespaceSpec)
    policy("default-deny-all", NetworkPolicies.defaultDenySpec)
    for (_, model, serving) in served where serving.minReplicas >= 2 {
      c.file(&sink, of: t, dir + "poddisruptionbudget-\(model.name).yaml") { ServingObjects.disruptionBudget($0, model, tenant, c) }
    }
    for (_, model, serving) in served {
      c.file(&sink, of: t, dir + "podmonitor-model-\(model.name).yaml") { ServingObjects.podMonitor($0, model, serving, tenant, c) }
    }
    for (pin, model) in c.pinsByTenant[t] ?? [] {
      let rules = AlertRules.modelAlerts(model, tenant, c)
      guard !rules.isEmpty else { continue }
      c.file(&sink, of: t, dir + "prometheusrule-model-\(model.name).yaml") { AlertRules.modelRule($0, model, pin, rules, tenant, c) }
    }
    c.file(&sink, of: t, dir + "prometheusrule-queue.yaml") { AlertRules.queueRule($0, tenant, c) }
    c.file(&sink, of: t, dir + "resourcequota-tenant-quota.yaml") {
      TenantQuota.resourceQuota($0, tenant, c, namespace: ns, labels: labels)
    }
    c.file(&sink, of: t, dir + "rolebinding-paved-owners.yaml") { ownersBinding($0, tenant, c, namespace: ns, labels: labels) }
    for (_, model, serving) in served {
      c.file(&sink, of: t, dir + "serviceaccount-\(ServingObjects.serviceAccountName(model)).yaml") {
        ServingObjects.serviceAccount($0, model, serving, tenant, c)
      }
    }
  }

  static func namespace(_ path: String, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    var labels = c.commonLabels(tenant: tenant.name)
    let version = "v1.\(c.platform.kubernetesMinor)"
    // Enforce the tenant's level; audit and warn at restricted, so a baseline tenant sees the gap.
    for mode in ["enforce", "audit", "warn"] {
      labels.append(("pod-security.kubernetes.io/\(mode)", mode == "enforce" ? tenant.podSecurity.rawValue : "restricted"))
      labels.append(("pod-security.kubernetes.io/\(mode)-version", version))
    }
    labels.append(("paved.dev/priority", tenant.priority.rawValue))
    return c.manifest(
      path, "v1", "Namespace", name: c.namespace(of: tenant.name), labels: labels, annotations: c.wave(-4) + retention(tenant, c),
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

  static func ownersBinding(_ path: String, _ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> Artifact {
    c.manifest(
      path, "rbac.authorization.k8s.io/v1", "RoleBinding", name: "paved-owners", namespace: namespace, labels: labels, origin: tenant.origin
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

  static func localQueue(_ path: String, _ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> Artifact {
    c.manifest(
      path, "kueue.x-k8s.io/v1beta2", "LocalQueue", name: "default", namespace: namespace, labels: labels, annotations: c.wave(1),
      origin: tenant.origin
    ) { b in
      b.map("spec") { b in b.field("clusterQueue", c.clusterQueue(of: tenant.name)) }
    }
  }
}

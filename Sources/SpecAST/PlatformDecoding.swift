import Diagnostics
import SpecSyntax

extension SpecDecoder {
  /// Decodes a located `platform.yaml` tree. Problems are collected in `diagnostics`.
  public func decodePlatform(_ root: LocatedNode, file: String) -> PlatformDocument? {
    guard let (top, name) = header(root, kind: "Platform", file: file), let specNode = top["spec"] else { return nil }
    let path = top.path("spec")
    var spec = PlatformSpec(range: specNode.range)
    guard
      let reader = mapping(
        specNode, path: path,
        rule: .platform("spec"), what: "spec")
    else { return PlatformDocument(file: file, name: name, spec: spec) }
    spec.kubernetesVersion = reader.decode("kubernetesVersion", string)
    spec.gitops = reader.decode("gitops") { node, p in
      guard
        let m = mapping(
          node, path: p, rule: .platform("spec.gitops"), what: "gitops")
      else { return nil }
      var gitops = GitOpsSpec(
        engine: m.decode("engine") { oneOf($0, path: $1, allowed: ["argocd", "flux"]) },
        repoURL: m.decode("repoURL", nonEmptyString), path: m.decode("path", nonEmptyString),
        targetRevision: m.decode("targetRevision", nonEmptyString), namespace: m.decode("namespace", nonEmptyString))
      gitops.runsIn = m.decode("runsIn", nonEmptyString)
      gitops.secretRef = m.decode("secretRef", nonEmptyString)
      gitops.syncWindows = m.decode("syncWindows") { list($0, path: $1, item: syncWindow) } ?? []
      gitops.notifications = m.decode("notifications") { node, p in
        guard let n = mapping(node, path: p, rule: .platform("spec.gitops.notifications"), what: "notifications") else { return nil }
        return NotificationsSpec(
          type: n.decode("type") {
            oneOf(
              $0, path: $1,
              allowed: ["slack", "msteams", "discord", "github", "gitlab", "generic", "generic-hmac", "alertmanager", "pagerduty", "opsgenie"])
          },
          channel: n.decode("channel", nonEmptyString), secretRef: n.decode("secretRef", nonEmptyString))
      }
      return gitops
    }
    spec.observability = reader.decode("observability") { node, p in
      guard
        let m = mapping(node, path: p, rule: .platform("spec.observability"), what: "observability")
      else { return nil }
      return ObservabilitySpec(
        runbookBaseURL: m.decode("runbookBaseURL", nonEmptyString), pendingWorkloadsFor: m.decode("pendingWorkloadsFor", nonEmptyString),
        quotaUsagePercent: m.decode("quotaUsagePercent", integer), ruleLabels: m.decode("ruleLabels") { keyed($0, path: $1, value: nonEmptyString) })
    }
    spec.network = reader.decode("network") { node, p in
      guard
        let m = mapping(node, path: p, rule: .platform("spec.network"), what: "network")
      else { return nil }
      return NetworkSpec(
        gatewayNamespace: m.decode("gatewayNamespace", nonEmptyString), monitoringNamespace: m.decode("monitoringNamespace", nonEmptyString),
        nodeLocalDNS: m.decode("nodeLocalDNS", nonEmptyString),
        egress: m.decode("egress") {
          list($0, path: $1) { node, p in
            guard let e = mapping(node, path: p, rule: .platform("spec.network.egress[]"), what: "an egress rule") else { return nil }
            return EgressSpec(
              cidr: e.decode("cidr", nonEmptyString), ports: e.decode("ports") { list($0, path: $1, item: integer) } ?? [], range: node.range, path: p
            )
          }
        },
        egressRange: m["egress"]?.range, egressPath: m.path("egress"),
        apiServer: m.decode("apiServer") { list($0, path: $1, item: nonEmptyString) } ?? [])
    }
    spec.allowedSources = reader.decode("allowedSources") { node, p in
      guard let m = mapping(node, path: p, rule: .platform("spec.allowedSources"), what: "allowedSources") else { return nil }
      return AllowedSourcesSpec(
        registries: m.decode("registries") { list($0, path: $1, item: nonEmptyString) } ?? [],
        buckets: m.decode("buckets") { list($0, path: $1, item: nonEmptyString) } ?? [])
    }
    spec.gpuPools = reader.decode("gpuPools") { list($0, path: $1, item: gpuPool) } ?? []
    spec.tenants = reader.decode("tenants") { list($0, path: $1, item: tenant) } ?? []
    spec.models = reader.decode("models") { list($0, path: $1, item: model) } ?? []
    spec.environments = reader.decode("environments") { list($0, path: $1, item: nonEmptyString) } ?? []
    spec.ci = reader.decode("ci", ci)
    return PlatformDocument(file: file, name: name, spec: spec)
  }

  func syncWindow(_ node: LocatedNode, _ path: DataPath) -> SyncWindowSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .platform("spec.gitops.syncWindows[]"), what: "a sync window")
    else { return nil }
    var w = SyncWindowSpec(range: node.range, path: path)
    w.environments = m.decode("environments") { list($0, path: $1, item: nonEmptyString) } ?? []
    w.kind = m.decode("kind") { oneOf($0, path: $1, allowed: SpecDecoder.syncWindowKinds) }
    w.schedule = m.decode("schedule", nonEmptyString)
    w.duration = m.decode("duration", nonEmptyString)
    w.manualSync = m.decode("manualSync", boolean)
    return w
  }

  func gpuPool(_ node: LocatedNode, _ path: DataPath) -> GPUPoolSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .platform("spec.gpuPools[]"),
        what: "a GPU pool")
    else { return nil }
    var pool = GPUPoolSpec(range: node.range, path: path)
    pool.name = m.decode("name", nonEmptyString)
    pool.resource = m.decode("resource", nonEmptyString)
    pool.nodeLabels = m.decode("nodeLabels") { keyed($0, path: $1, value: string) } ?? []
    pool.taints = m.decode("taints") { list($0, path: $1, item: taint) } ?? []
    pool.capacity = m.decode("capacity", integer)
    pool.sharing = m.decode("sharing") { oneOf($0, path: $1, allowed: ["exclusive", "mig", "time-slicing"]) }
    return pool
  }

  func taint(_ node: LocatedNode, _ path: DataPath) -> TaintSpec? {
    guard let m = mapping(node, path: path, rule: .platform("spec.gpuPools[].taints[]"), what: "a taint") else { return nil }
    return TaintSpec(
      key: m.decode("key", nonEmptyString), value: m.decode("value", string),
      effect: m.decode("effect") { oneOf($0, path: $1, allowed: ["NoSchedule", "PreferNoSchedule", "NoExecute"]) },
      range: node.range, path: path)
  }

  func tenant(_ node: LocatedNode, _ path: DataPath) -> TenantSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .platform("spec.tenants[]"), what: "a tenant")
    else { return nil }
    var tenant = TenantSpec(range: node.range, path: path)
    tenant.name = m.decode("name", nonEmptyString)
    tenant.owners = m.decode("owners") { list($0, path: $1, item: nonEmptyString) } ?? []
    tenant.ownersRange = m["owners"]?.range
    tenant.quota = m.decode("quota") { node, p in
      let before = diagnostics.count
      guard let q = mapping(node, path: p, rule: .platform("spec.tenants[].quota"), what: "a quota") else { return nil }
      var quota = QuotaSpec(
        cpu: q.decode("cpu", string), memory: q.decode("memory", string),
        gpus: q.decode("gpus") { keyed($0, path: $1, value: integer) } ?? [], range: node.range, path: p)
      quota.complete = diagnostics.count == before
      return quota
    }
    tenant.borrowing = m.decode("borrowing") { keyed($0, path: $1, value: integer) } ?? []
    tenant.priority = m.decode("priority") { oneOf($0, path: $1, allowed: ["low", "standard", "high"]) }
    tenant.podSecurity = m.decode("podSecurity") { oneOf($0, path: $1, allowed: ["restricted", "baseline"]) }
    tenant.onRemoval = m.decode("onRemoval") { oneOf($0, path: $1, allowed: ["retain", "delete"]) }
    return tenant
  }
}

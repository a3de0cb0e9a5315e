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
        known: ["kubernetesVersion", "gitops", "network", "allowedSources", "observability", "gpuPools", "tenants", "models", "environments", "ci"],
        required: ["kubernetesVersion", "tenants", "environments"], what: "spec")
    else { return PlatformDocument(file: file, name: name, spec: spec) }
    spec.kubernetesVersion = reader.decode("kubernetesVersion", string)
    spec.gitops = reader.decode("gitops") { node, p in
      guard
        let m = mapping(
          node, path: p, known: ["engine", "repoURL", "path", "targetRevision", "namespace", "runsIn", "secretRef", "syncWindows", "notifications"],
          required: ["engine", "repoURL"], what: "gitops")
      else { return nil }
      var gitops = GitOpsSpec(
        engine: m.decode("engine") { oneOf($0, path: $1, allowed: ["argocd", "flux"]) },
        repoURL: m.decode("repoURL", nonEmptyString), path: m.decode("path", nonEmptyString),
        targetRevision: m.decode("targetRevision", nonEmptyString), namespace: m.decode("namespace", nonEmptyString))
      gitops.runsIn = m.decode("runsIn", nonEmptyString)
      gitops.secretRef = m.decode("secretRef", nonEmptyString)
      gitops.syncWindows = m.decode("syncWindows") { list($0, path: $1, item: syncWindow) } ?? []
      gitops.notifications = m.decode("notifications") { node, p in
        guard let n = mapping(node, path: p, known: ["type", "channel", "secretRef"], required: ["type"], what: "notifications") else { return nil }
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
        let m = mapping(node, path: p, known: ["runbookBaseURL", "pendingWorkloadsFor", "quotaUsagePercent", "ruleLabels"], what: "observability")
      else { return nil }
      return ObservabilitySpec(
        runbookBaseURL: m.decode("runbookBaseURL", nonEmptyString), pendingWorkloadsFor: m.decode("pendingWorkloadsFor", nonEmptyString),
        quotaUsagePercent: m.decode("quotaUsagePercent", integer), ruleLabels: m.decode("ruleLabels") { keyed($0, path: $1, value: nonEmptyString) })
    }
    spec.network = reader.decode("network") { node, p in
      guard
        let m = mapping(node, path: p, known: ["gatewayNamespace", "monitoringNamespace", "nodeLocalDNS", "egress", "apiServer"], what: "network")
      else { return nil }
      return NetworkSpec(
        gatewayNamespace: m.decode("gatewayNamespace", nonEmptyString), monitoringNamespace: m.decode("monitoringNamespace", nonEmptyString),
        nodeLocalDNS: m.decode("nodeLocalDNS", nonEmptyString),
        egress: m.decode("egress") {
          list($0, path: $1) { node, p in
            guard let e = mapping(node, path: p, known: ["cidr", "ports"], required: ["cidr", "ports"], what: "an egress rule") else { return nil }
            return EgressSpec(
              cidr: e.decode("cidr", nonEmptyString), ports: e.decode("ports") { list($0, path: $1, item: integer) } ?? [], range: node.range, path: p
            )
          }
        },
        egressRange: m["egress"]?.range, egressPath: m.path("egress"),
        apiServer: m.decode("apiServer") { list($0, path: $1, item: nonEmptyString) } ?? [])
    }
    spec.allowedSources = reader.decode("allowedSources") { node, p in
      guard let m = mapping(node, path: p, known: ["registries", "buckets"], what: "allowedSources") else { return nil }
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
        node, path: path, known: ["environments", "kind", "schedule", "duration", "manualSync"],
        required: ["environments", "kind", "schedule", "duration"], what: "a sync window")
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
        node, path: path, known: ["name", "resource", "nodeLabels", "taints", "capacity", "sharing"], required: ["name", "resource", "capacity"],
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
    guard let m = mapping(node, path: path, known: ["key", "value", "effect"], required: ["key", "effect"], what: "a taint") else { return nil }
    return TaintSpec(
      key: m.decode("key", nonEmptyString), value: m.decode("value", string),
      effect: m.decode("effect") { oneOf($0, path: $1, allowed: ["NoSchedule", "PreferNoSchedule", "NoExecute"]) },
      range: node.range, path: path)
  }

  func tenant(_ node: LocatedNode, _ path: DataPath) -> TenantSpec? {
    guard
      let m = mapping(
        node, path: path, known: ["name", "owners", "quota", "borrowing", "priority", "podSecurity", "onRemoval"],
        required: ["name", "owners", "quota"], what: "a tenant")
    else { return nil }
    var tenant = TenantSpec(range: node.range, path: path)
    tenant.name = m.decode("name", nonEmptyString)
    tenant.owners = m.decode("owners") { list($0, path: $1, item: nonEmptyString) } ?? []
    tenant.ownersRange = m["owners"]?.range
    tenant.quota = m.decode("quota") { node, p in
      let before = diagnostics.count
      guard let q = mapping(node, path: p, known: ["cpu", "memory", "gpus"], required: ["cpu", "memory"], what: "a quota") else { return nil }
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

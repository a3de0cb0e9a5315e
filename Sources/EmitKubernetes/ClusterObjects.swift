import Artifacts
import PlatformModel

/// Cluster-scoped objects of one environment: priorities, Kueue flavors and queues, and the
/// storage-initializer's ClusterStorageContainer.
///
/// No Kueue WorkloadPriorityClass is emitted: Paved creates no Kueue workload that could name one,
/// and without the `kueue.x-k8s.io/priority-class` label Kueue takes a workload's priority from its
/// pods' PriorityClass (`jobframework` `ExtractPriority`), which tenants set to `paved-<priority>`.
enum ClusterObjects {
  static let defaultFlavor = "default"

  /// Cluster-scoped objects in path order.
  static func emit<Sink: ArtifactSink>(_ c: EmitContext, into sink: inout Sink) {
    for tenant in c.platform.tenants {
      c.file(&sink, of: tenant.name, "cluster/clusterqueue-\(c.clusterQueue(of: tenant.name)).yaml") { ClusterQueueObject.make($0, tenant, c) }
    }
    c.file(&sink, of: nil, "cluster/clusterrole-\(TenantRBAC.roleName).yaml") { TenantRBAC.clusterRole($0, c) }
    c.file(&sink, of: nil, "cluster/clusterstoragecontainer-\(ServingObjects.storageContainerName).yaml") { ServingObjects.storageContainer($0, c) }
    for tenant in c.platform.tenants {
      c.file(&sink, of: tenant.name, "cluster/namespace-\(c.namespace(of: tenant.name)).yaml") { TenantObjects.namespace($0, tenant, c) }
    }
    // All three levels, whichever tenants exist: tenants' own workloads may name any of them, and
    // the cluster objects must not depend on which tenants a plan renders.
    for p in [Tenant.Priority.high, .low, .standard] {
      c.file(&sink, of: nil, "cluster/priorityclass-\(Priorities.name(p)).yaml") { priorityClass($0, p, c) }
    }
    var flavors = [(ClusterObjects.defaultFlavor, nil as GPUPool?)] + c.platform.pools.map { ($0.name, $0) }
    flavors.sort { $0.0 < $1.0 }
    for (name, pool) in flavors {
      c.file(&sink, of: nil, "cluster/resourceflavor-\(name).yaml") { flavor($0, name: name, pool: pool, c) }
    }
  }

  static func priorityClass(_ path: String, _ p: Tenant.Priority, _ c: EmitContext) -> Artifact {
    c.manifest(
      path, "scheduling.k8s.io/v1", "PriorityClass", name: Priorities.name(p), labels: c.commonLabels(), annotations: c.wave(-3), origin: nil
    ) { b in
      b.field("value", Priorities.value(p))
      b.field("globalDefault", false)
      b.field("preemptionPolicy", p == .low ? "Never" : "PreemptLowerPriority")
      b.field("description", Priorities.description(p))
    }
  }

  static func flavor(_ path: String, name: String, pool: GPUPool?, _ c: EmitContext) -> Artifact {
    var labels = c.commonLabels()
    if let pool { labels.append(("paved.dev/gpu-pool", pool.name)) }
    return c.manifest(path, "kueue.x-k8s.io/v1beta2", "ResourceFlavor", name: name, labels: labels, annotations: c.wave(-2), origin: pool?.origin) {
      b in
      b.map("spec") { b in
        guard let pool else { return }
        if !pool.nodeLabels.isEmpty { b.pairs("nodeLabels", pool.nodeLabels.map { ($0.key, $0.value) }) }
        if !pool.taints.isEmpty {
          b.field("nodeTaints", .list(pool.taints.map(taint)))
          // Kueue adds these tolerations to admitted pods, so workloads need not know the pool's taints.
          b.field("tolerations", .list(pool.taints.map(toleration)))
        }
      }
    }
  }

  static func taint(_ t: Taint) -> KValue {
    var m = KMap()
    m.append("key", .string(t.key))
    if let value = t.value { m.append("value", .string(value)) }
    m.append("effect", .string(t.effect))
    return .map(m)
  }

  static func toleration(_ t: Taint) -> KValue {
    var m = KMap()
    m.append("key", .string(t.key))
    if let value = t.value {
      m.append("operator", .string("Equal"))
      m.append("value", .string(value))
    } else {
      m.append("operator", .string("Exists"))
    }
    m.append("effect", .string(t.effect))
    return .map(m)
  }
}

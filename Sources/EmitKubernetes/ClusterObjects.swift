import Artifacts
import PlatformModel

/// Cluster-scoped objects of one environment: priorities, Kueue flavors and queues.
enum ClusterObjects {
  static let defaultFlavor = "default"

  /// Cluster-scoped objects in path order.
  static func emit(_ c: EmitContext) -> [Artifact] {
    var out: [Artifact] = []
    for tenant in c.platform.tenants {
      let name = c.clusterQueue(of: tenant.name)
      out.append(c.manifest("cluster/clusterqueue-\(name).yaml", ClusterQueueObject.make(tenant, c), origin: tenant.origin))
    }
    for tenant in c.platform.tenants {
      out.append(c.manifest("cluster/namespace-\(c.namespace(of: tenant.name)).yaml", TenantObjects.namespace(tenant, c), origin: tenant.origin))
    }
    for p in [Tenant.Priority.high, .low, .standard] {
      out.append(c.manifest("cluster/priorityclass-\(Priorities.name(p)).yaml", priorityClass(p, c), origin: nil))
    }
    var flavors = [(ClusterObjects.defaultFlavor, nil as GPUPool?)] + c.platform.pools.map { ($0.name, $0) }
    flavors.sort { $0.0 < $1.0 }
    for (name, pool) in flavors {
      out.append(c.manifest("cluster/resourceflavor-\(name).yaml", flavor(name: name, pool: pool, c), origin: pool?.origin))
    }
    for p in [Tenant.Priority.high, .low, .standard] {
      out.append(c.manifest("cluster/workloadpriorityclass-\(Priorities.name(p)).yaml", workloadPriorityClass(p, c), origin: nil))
    }
    return out
  }

  static func priorityClass(_ p: Tenant.Priority, _ c: EmitContext) -> KValue {
    .object([
      "apiVersion": .string("scheduling.k8s.io/v1"),
      "kind": .string("PriorityClass"),
      "metadata": c.metadata(name: Priorities.name(p), labels: c.commonLabels(), annotations: c.wave(-3)),
      "value": .int(Priorities.value(p)),
      "globalDefault": .bool(false),
      "preemptionPolicy": .string(p == .low ? "Never" : "PreemptLowerPriority"),
      "description": .string(Priorities.description(p)),
    ])
  }

  static func workloadPriorityClass(_ p: Tenant.Priority, _ c: EmitContext) -> KValue {
    .object([
      "apiVersion": .string("kueue.x-k8s.io/v1beta2"),
      "kind": .string("WorkloadPriorityClass"),
      "metadata": c.metadata(name: Priorities.name(p), labels: c.commonLabels(), annotations: c.wave(-3)),
      "value": .int(Priorities.value(p)),
      "description": .string(Priorities.description(p)),
    ])
  }

  static func flavor(name: String, pool: GPUPool?, _ c: EmitContext) -> KValue {
    var spec = KMap()
    if let pool {
      if !pool.nodeLabels.isEmpty {
        spec.append("nodeLabels", .map(KMap(pool.nodeLabels.map { (key: $0.key, value: .string($0.value)) })))
      }
      if !pool.taints.isEmpty {
        spec.append("nodeTaints", .list(pool.taints.map(taint)))
        // Kueue adds these tolerations to admitted pods, so workloads need not know the pool's taints.
        spec.append("tolerations", .list(pool.taints.map(toleration)))
      }
    }
    var labels = c.commonLabels()
    if let pool { labels.append(("paved.dev/gpu-pool", pool.name)) }
    return .object([
      "apiVersion": .string("kueue.x-k8s.io/v1beta2"),
      "kind": .string("ResourceFlavor"),
      "metadata": c.metadata(name: name, labels: labels, annotations: c.wave(-2)),
      "spec": .map(spec),
    ])
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

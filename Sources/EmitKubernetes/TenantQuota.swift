import Artifacts
import PlatformModel

/// ResourceQuota and LimitRange of a tenant namespace.
enum TenantQuota {
  /// `hard` covers Kueue's nominal quota plus borrowing limit for every resource, so a workload Kueue
  /// admits is never refused by the namespace quota (Kueue does not read ResourceQuota).
  static func resourceQuota(_ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> KValue {
    var hard = KMap()
    hard.append("requests.cpu", .string(tenant.cpu.text))
    hard.append("requests.memory", .string(tenant.memory.text))
    var gpuTotals: [String: Int] = [:]
    for poolName in tenant.poolNames {
      guard let pool = c.platform.pool(named: poolName) else { continue }
      gpuTotals[pool.resource, default: 0] += tenant.nominal(in: poolName) + tenant.borrowingLimit(in: poolName)
    }
    for resource in gpuTotals.keys.sorted() {
      // Extended resources only accept the `requests.` prefix in a ResourceQuota.
      hard.append("requests.\(resource)", .string(String(gpuTotals[resource] ?? 0)))
    }
    return .object([
      "apiVersion": .string("v1"),
      "kind": .string("ResourceQuota"),
      "metadata": c.metadata(name: "tenant-quota", namespace: namespace, labels: labels),
      "spec": .object(["hard": .map(hard)]),
    ])
  }

  /// CPU and memory defaults so every container satisfies the quota; never a GPU default.
  static func limitRange(_ c: EmitContext, namespace: String, labels: Labels) -> KValue {
    .object([
      "apiVersion": .string("v1"),
      "kind": .string("LimitRange"),
      "metadata": c.metadata(name: "container-defaults", namespace: namespace, labels: labels),
      "spec": limitRangeSpec,
    ])
  }

  /// The same for every tenant and environment: built once and shared.
  static let limitRangeSpec: KValue = .object([
    "limits": .list([
      .object([
        "type": .string("Container"),
        "default": .object(["cpu": .string("1"), "memory": .string("1Gi")]),
        "defaultRequest": .object(["cpu": .string("100m"), "memory": .string("256Mi")]),
      ])
    ])
  ])
}

import Artifacts
import Diagnostics
import PlatformModel

/// ResourceQuota and LimitRange of a tenant namespace.
enum TenantQuota {
  /// `hard` covers Kueue's nominal quota plus borrowing limit for every resource, so a workload Kueue
  /// admits is never refused by the namespace quota (Kueue does not read ResourceQuota).
  static func resourceQuota(_ path: String, _ tenant: Tenant, _ c: EmitContext, namespace: String, labels: Labels) -> Artifact {
    var gpuTotals: [String: Int] = [:]
    for poolName in tenant.poolNames {
      guard let pool = c.platform.pool(named: poolName) else { continue }
      gpuTotals[pool.resource, default: 0] += tenant.nominal(in: poolName) + tenant.borrowingLimit(in: poolName)
    }
    return c.manifest(path, "v1", "ResourceQuota", name: "tenant-quota", namespace: namespace, labels: labels, origin: tenant.origin) { b in
      b.map("spec") { b in
        b.map("hard") { b in
          b.field("requests.cpu", tenant.cpu.text)
          b.field("requests.memory", tenant.memory.text)
          for resource in gpuTotals.keys.sorted() {
            // Extended resources only accept the `requests.` prefix in a ResourceQuota.
            b.entry("requests.\(resource)", String(gpuTotals[resource] ?? 0))
          }
        }
      }
    }
  }

  /// CPU and memory defaults so every container satisfies the quota; never a GPU default.
  static func limitRange(_ path: String, _ c: EmitContext, namespace: String, labels: Labels, origin: SourceRange?) -> Artifact {
    c.manifest(path, "v1", "LimitRange", name: "container-defaults", namespace: namespace, labels: labels, origin: origin) { b in
      b.field("spec", limitRangeSpec)
    }
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

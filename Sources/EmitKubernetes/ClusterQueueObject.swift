import Artifacts
import PlatformModel

/// A tenant's Kueue ClusterQueue in one environment: nominal quota per flavor, borrowing within the
/// environment's cohort, and a namespace selector that always matches exactly the tenant's namespace.
///
/// Serving pods do not go through Kueue; what they may take (`ServingDemand`, checked to fit the
/// nominal quota) is reserved out of it, so Kueue never admits work into room serving already uses,
/// nor lends it to the cohort.
enum ClusterQueueObject {
  /// What the tenant's serving pods reserve in this environment: CPU and memory in milli-units, and
  /// GPUs per pool name.
  struct Reservation {
    var cpuMilli: Int64 = 0
    var memoryMilli: Int64 = 0
    var gpus: [String: Int] = [:]
  }

  static func reservation(_ tenant: Tenant, _ c: EmitContext) -> Reservation {
    var r = Reservation()
    for (pin, model) in c.pinsByTenant[tenant.name] ?? [] {
      guard let serving = model.serving else { continue }
      let demand = ServingDemand(serving, canary: pin.canary)
      r.cpuMilli += demand.totalCPUMilli
      r.memoryMilli += demand.totalMemoryMilli
      if let pool = serving.gpuPool, demand.totalGPUs > 0 { r.gpus[pool, default: 0] += demand.totalGPUs }
    }
    return r
  }

  /// `quota` less `reserved` milli-units, as the text written when nothing is reserved.
  static func remaining(_ quota: Quantity, _ reserved: Int64, binary: Bool) -> String {
    reserved == 0 ? quota.text : Quantity.fromMilli(max(0, quota.milliValue - reserved), binary: binary).text
  }

  static func make(_ path: String, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    // One resource group per extended resource; each pool exposing it is a flavor of that group.
    var byResource: [String: [GPUPool]] = [:]
    for poolName in tenant.poolNames {
      guard let pool = c.platform.pool(named: poolName) else { continue }
      byResource[pool.resource, default: []].append(pool)
    }
    let name = c.clusterQueue(of: tenant.name)
    let reserved = reservation(tenant, c)
    return c.manifest(
      path, "kueue.x-k8s.io/v1beta2", "ClusterQueue", name: name, labels: c.commonLabels(tenant: tenant.name), annotations: c.wave(-1),
      origin: tenant.origin
    ) { b in
      b.map("spec") { b in
        b.field("cohortName", c.env)
        b.map("namespaceSelector") { b in
          b.pairs("matchLabels", [("paved.dev/environment", c.env), ("paved.dev/tenant", tenant.name)])
        }
        b.field("queueingStrategy", "BestEffortFIFO")
        b.map("preemption") { b in
          b.field("reclaimWithinCohort", Priorities.reclaimWithinCohort(tenant.priority))
          b.map("borrowWithinCohort") { b in b.field("policy", "Never") }
          b.field("withinClusterQueue", "LowerPriority")
        }
        b.list("resourceGroups") { b in
          b.mapItem { b in
            b.strings("coveredResources", ["cpu", "memory"])
            b.list("flavors") { b in
              b.mapItem { b in
                b.field("name", ClusterObjects.defaultFlavor)
                b.list("resources") { b in
                  resource(&b, "cpu", nominal: .text(remaining(tenant.cpu, reserved.cpuMilli, binary: false)), borrowing: 0)
                  resource(&b, "memory", nominal: .text(remaining(tenant.memory, reserved.memoryMilli, binary: true)), borrowing: 0)
                }
              }
            }
          }
          for resourceName in byResource.keys.sorted() {
            b.mapItem { b in
              b.strings("coveredResources", [resourceName])
              b.list("flavors") { b in
                for pool in byResource[resourceName] ?? [] {
                  b.mapItem { b in
                    b.field("name", pool.name)
                    b.list("resources") { b in
                      let nominal = max(0, tenant.nominal(in: pool.name) - (reserved.gpus[pool.name] ?? 0))
                      resource(&b, resourceName, nominal: .count(nominal), borrowing: tenant.borrowingLimit(in: pool.name))
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// A nominal quota: a Kubernetes quantity (cpu, memory) or a device count.
  enum Nominal {
    case text(String)
    case count(Int)
  }

  /// One `resources[]` entry: name, nominal quota and borrowing limit.
  static func resource(_ b: inout YAMLBuilder, _ name: String, nominal: Nominal, borrowing: Int) {
    b.mapItem { b in
      b.field("name", name)
      switch nominal {
      case .text(let text): b.field("nominalQuota", text)
      case .count(let n): b.field("nominalQuota", n)
      }
      b.field("borrowingLimit", borrowing)
    }
  }
}

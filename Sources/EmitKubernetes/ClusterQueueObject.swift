import Artifacts
import PlatformModel

/// A tenant's Kueue ClusterQueue in one environment: nominal quota per flavor, borrowing within the
/// environment's cohort, and a namespace selector that always matches exactly the tenant's namespace.
enum ClusterQueueObject {
  static func make(_ tenant: Tenant, _ c: EmitContext) -> KValue {
    var groups: [KValue] = [
      .object([
        "coveredResources": .list([.string("cpu"), .string("memory")]),
        "flavors": .list([
          .object([
            "name": .string(ClusterObjects.defaultFlavor),
            "resources": .list([
              resource("cpu", nominal: .string(tenant.cpu.text), borrowing: .int(0)),
              resource("memory", nominal: .string(tenant.memory.text), borrowing: .int(0)),
            ]),
          ])
        ]),
      ])
    ]
    // One resource group per extended resource; each pool exposing it is a flavor of that group.
    var byResource: [String: [GPUPool]] = [:]
    for poolName in tenant.poolNames {
      guard let pool = c.platform.pool(named: poolName) else { continue }
      byResource[pool.resource, default: []].append(pool)
    }
    for resourceName in byResource.keys.sorted() {
      let flavors = (byResource[resourceName] ?? []).map { pool -> KValue in
        .object([
          "name": .string(pool.name),
          "resources": .list([
            resource(resourceName, nominal: .int(tenant.nominal(in: pool.name)), borrowing: .int(tenant.borrowingLimit(in: pool.name)))
          ]),
        ])
      }
      groups.append(.object(["coveredResources": .list([.string(resourceName)]), "flavors": .list(flavors)]))
    }
    return .object([
      "apiVersion": .string("kueue.x-k8s.io/v1beta2"),
      "kind": .string("ClusterQueue"),
      "metadata": c.metadata(name: c.clusterQueue(of: tenant.name), labels: c.commonLabels(tenant: tenant.name), annotations: c.wave(-1)),
      "spec": .object([
        "cohortName": .string(c.env),
        "namespaceSelector": .object([
          "matchLabels": .sortedStrings(["paved.dev/tenant": tenant.name, "paved.dev/environment": c.env])
        ]),
        "queueingStrategy": .string("BestEffortFIFO"),
        "preemption": .object([
          "reclaimWithinCohort": .string(Priorities.reclaimWithinCohort(tenant.priority)),
          "borrowWithinCohort": .object(["policy": .string("Never")]),
          "withinClusterQueue": .string("LowerPriority"),
        ]),
        "resourceGroups": .list(groups),
      ]),
    ])
  }

  static func resource(_ name: String, nominal: KValue, borrowing: KValue) -> KValue {
    .object(["name": .string(name), "nominalQuota": nominal, "borrowingLimit": borrowing])
  }
}

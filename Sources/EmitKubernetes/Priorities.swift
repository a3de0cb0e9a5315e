import PlatformModel

/// The three priority levels a tenant may have, as pod and Kueue workload priorities.
enum Priorities {
  static func name(_ p: Tenant.Priority) -> String { "paved-\(p.rawValue)" }

  static func value(_ p: Tenant.Priority) -> Int {
    switch p {
    case .low: return 1_000
    case .standard: return 10_000
    case .high: return 100_000
    }
  }

  static func description(_ p: Tenant.Priority) -> String {
    switch p {
    case .low: return "Paved low priority: never preempts other workloads."
    case .standard: return "Paved standard priority."
    case .high: return "Paved high priority: may preempt lower-priority workloads."
    }
  }

  /// How strongly a tenant's ClusterQueue reclaims its lent quota within the cohort.
  static func reclaimWithinCohort(_ p: Tenant.Priority) -> String {
    switch p {
    case .low: return "Never"
    case .standard: return "LowerPriority"
    case .high: return "Any"
    }
  }
}

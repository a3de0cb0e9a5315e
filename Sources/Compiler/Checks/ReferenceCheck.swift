import Diagnostics
import SpecAST

/// Every name a spec refers to exists: tenants' pools, models' tenants and pools.
struct ReferenceCheck: SpecCheck {
  let id = "references"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let pools = input.poolNames
    let tenants = input.tenantNames
    // Sets for membership (the arrays stay for suggestions): linear, not tenants × models.
    let poolSet = Set(pools)
    let tenantSet = Set(tenants)
    for tenant in input.platform.spec.tenants {
      for entry in (tenant.quota?.gpus ?? []) + tenant.borrowing where !poolSet.contains(entry.key.value) {
        out.append(unresolved("GPU pool", entry.key, candidates: pools))
      }
    }
    for model in input.platform.spec.models {
      if let tenant = model.tenant, !tenantSet.contains(tenant.value) {
        out.append(unresolved("tenant", tenant, candidates: tenants))
      }
      if let pool = model.serving?.gpuPool, !poolSet.contains(pool.value) {
        out.append(unresolved("GPU pool", pool, candidates: pools))
      }
    }
    return out
  }
}

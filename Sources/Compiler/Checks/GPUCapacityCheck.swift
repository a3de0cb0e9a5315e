import Diagnostics
import SpecAST

/// Per pool, tenants' nominal GPUs fit its capacity; borrowing limits are non-negative and satisfiable.
struct GPUCapacityCheck: SpecCheck {
  let id = "gpu-capacity"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var nominal: [String: [(tenant: String, count: Located<Int>)]] = [:]
    for tenant in input.platform.spec.tenants {
      let name = tenant.name?.value ?? "?"
      for entry in tenant.quota?.gpus ?? [] {
        if entry.value.value < 0 {
          out.append(
            .error(.gpuOversubscribed, "GPU quota must not be negative, found \(entry.value.value)", at: entry.value.range, path: entry.value.path))
          continue
        }
        nominal[entry.key.value, default: []].append((name, entry.value))
      }
      for entry in tenant.borrowing {
        guard let pool = input.pool(entry.key.value), let capacity = pool.capacity?.value else { continue }
        let own = tenant.quota?.gpus.first { $0.key.value == entry.key.value }?.value.value ?? 0
        if entry.value.value < 0 {
          out.append(
            .error(
              .borrowingInconsistent, "borrowing limit must not be negative, found \(entry.value.value)", at: entry.value.range,
              path: entry.value.path))
        } else if own + entry.value.value > capacity {
          out.append(
            .error(
              .borrowingInconsistent,
              "tenant '\(name)' could hold \(own) + \(entry.value.value) = \(own + entry.value.value) GPUs of pool '\(entry.key.value)', more than its capacity of \(capacity)",
              at: entry.value.range, path: entry.value.path, notes: [DiagnosticNote("lower the borrowing limit to at most \(max(0, capacity - own))")]
            ))
        }
      }
    }
    for pool in input.platform.spec.gpuPools {
      guard let name = pool.name?.value, let capacity = pool.capacity, let claims = nominal[name] else { continue }
      let total = claims.reduce(0) { $0 + $1.count.value }
      guard total > capacity.value, let last = claims.last else { continue }
      let breakdown = claims.map { "\($0.tenant)=\($0.count.value)" }.joined(separator: ", ")
      out.append(
        .error(
          .gpuOversubscribed, "GPU pool '\(name)' is oversubscribed: tenants' nominal quota totals \(total), capacity is \(capacity.value)",
          at: last.count.range, path: last.count.path,
          notes: [DiagnosticNote("quota per tenant: \(breakdown)"), DiagnosticNote("pool capacity declared here", at: capacity.range)]))
    }
    return out
  }
}

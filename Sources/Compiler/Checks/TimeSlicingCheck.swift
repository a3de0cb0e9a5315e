import Diagnostics
import SpecAST

/// A time-sliced pool has no memory or fault isolation, so at most one tenant may use it.
struct TimeSlicingCheck: SpecCheck {
  let id = "time-slicing"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for pool in input.platform.spec.gpuPools where pool.sharing?.value == "time-slicing" {
      guard let name = pool.name?.value else { continue }
      let users = input.platform.spec.tenants.compactMap { tenant -> (String, Located<String>)? in
        let entry = ((tenant.quota?.gpus ?? []) + tenant.borrowing).first { $0.key.value == name }
        guard let entry, let tenantName = tenant.name?.value else { return nil }
        return (tenantName, entry.key)
      }
      guard users.count > 1 else { continue }
      for (tenant, key) in users.dropFirst() {
        out.append(
          .error(
            .timeSlicingShared, "time-sliced GPU pool '\(name)' may not be shared by tenants '\(users[0].0)' and '\(tenant)'", at: key.range,
            path: key.path, notes: [DiagnosticNote("time-slicing gives no memory or fault isolation; use MIG or whole GPUs for shared pools")]))
      }
    }
    return out
  }
}

import PlatformModel
import SpecAST

extension Lowering {
  static func lowerTenant(_ tenant: TenantSpec) -> Tenant {
    let owners = tenant.owners.compactMap { owner -> Owner? in
      guard let parsed = OwnersCheck.parse(owner.value) else { return nil }
      return Owner(kind: parsed.kind == "group" ? .group : .user, name: parsed.name)
    }
    let zero = Quantity.zero
    return Tenant(
      name: tenant.name?.value ?? "",
      owners: owners,
      cpu: tenant.quota?.cpu.flatMap { Quantity($0.value) } ?? zero,
      memory: tenant.quota?.memory.flatMap { Quantity($0.value) } ?? zero,
      gpus: (tenant.quota?.gpus ?? []).map { PoolCount(pool: $0.key.value, count: $0.value.value) },
      borrowing: tenant.borrowing.map { PoolCount(pool: $0.key.value, count: $0.value.value) },
      priority: Tenant.Priority(rawValue: tenant.priority?.value ?? "standard") ?? .standard,
      podSecurity: PodSecurityLevel(rawValue: tenant.podSecurity?.value ?? "restricted") ?? .restricted,
      deleteOnRemoval: tenant.onRemoval?.value == "delete",
      origin: tenant.name?.range ?? tenant.range)
  }
}

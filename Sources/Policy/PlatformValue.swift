import CEL
import Dispatch
import PlatformModel

/// The compiled platform as the CEL value platform-scope rules read as `platform`.
///
/// ```
/// platform.name, platform.kubernetesVersion ("1.33"), platform.kubernetesMinor (33)
/// platform.gpuPools[]    {name, resource, capacity, sharing, nodeLabels,
///                         allocations[] {tenant, nominal, borrowing}}   (tenants with quota there, by name)
/// platform.tenants[]     {name, owners ["group:x"], priority, podSecurity, quota {cpu, memory, gpus {pool: n}}, borrowing {pool: n}}
/// platform.models[]      {name, tenant, contract? {formats, signed, pickle, requiredMetadata}, serving? {..., resources {cpu, memory}, serviceAccount}}
/// platform.environments[] {name, cluster, server, models[] {name, tenant, version, artifact, digest,
///                          signatureRequired, canary? {version, artifact, digest, traffic}}}
/// platform.allowedSources {registries [], buckets []}
/// ```
public enum PlatformValue {
  /// The top-level fields of the value.
  public static let fields: Set<String> = [
    "name", "kubernetesVersion", "kubernetesMinor", "gpuPools", "tenants", "models", "environments", "allowedSources",
  ]

  /// The value; with `only`, just those top-level fields (what the policies read), for speed on large platforms.
  public static func make(_ platform: Platform, only: Set<String>? = nil) -> CELValue {
    let wanted = only ?? fields
    var pairs: [(String, CELValue)] = []
    if wanted.contains("name") { pairs.append(("name", .string(platform.name))) }
    if wanted.contains("kubernetesVersion") { pairs.append(("kubernetesVersion", .string("1.\(platform.kubernetesMinor)"))) }
    if wanted.contains("kubernetesMinor") { pairs.append(("kubernetesMinor", .int(Int64(platform.kubernetesMinor)))) }
    if wanted.contains("gpuPools") { pairs.append(("gpuPools", pools(platform))) }
    if wanted.contains("tenants") { pairs.append(("tenants", .list(tenantValues(platform.tenants)))) }
    if wanted.contains("models") { pairs.append(("models", .list(platform.models.map(model)))) }
    if wanted.contains("environments") {
      let modelsByName = Dictionary(platform.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      pairs.append(("environments", .list(platform.environments.map { environment($0, modelsByName) })))
    }
    if wanted.contains("allowedSources") {
      pairs.append(
        (
          "allowedSources",
          map([
            ("registries", .list(platform.allowedSources.registries.map { .string($0) })),
            ("buckets", .list(platform.allowedSources.buckets.map { .string($0) })),
          ])
        ))
    }
    return map(pairs)
  }

  /// Pools with, per pool, the tenants holding quota in it (one pass over the tenants, sorted by name).
  static func pools(_ platform: Platform) -> CELValue {
    var allocations: [String: [CELValue]] = [:]
    for t in platform.tenants {
      // gpus and borrowing are both sorted by pool: merge them.
      var g = 0
      var b = 0
      while g < t.gpus.count || b < t.borrowing.count {
        let pool: String
        let nominal: Int
        let borrowing: Int
        if b >= t.borrowing.count || (g < t.gpus.count && t.gpus[g].pool < t.borrowing[b].pool) {
          (pool, nominal, borrowing) = (t.gpus[g].pool, t.gpus[g].count, 0)
          g += 1
        } else if g >= t.gpus.count || t.borrowing[b].pool < t.gpus[g].pool {
          (pool, nominal, borrowing) = (t.borrowing[b].pool, 0, t.borrowing[b].count)
          b += 1
        } else {
          (pool, nominal, borrowing) = (t.gpus[g].pool, t.gpus[g].count, t.borrowing[b].count)
          g += 1
          b += 1
        }
        allocations[pool, default: []].append(
          .map(
            CELMap(replacingDuplicates: [
              (.string("tenant"), .string(t.name)), (.string("nominal"), .int(Int64(nominal))),
              (.string("borrowing"), .int(Int64(borrowing))),
            ])))
      }
    }
    return .list(platform.pools.map { pool($0, allocations: allocations[$0.name] ?? []) })
  }

  static func map(_ pairs: [(String, CELValue)]) -> CELValue {
    .map(CELMap(replacingDuplicates: pairs.map { (.string($0.0), $0.1) }))
  }

  static func counts(_ pairs: [PoolCount]) -> CELValue {
    map(pairs.map { ($0.pool, .int(Int64($0.count))) })
  }

  static func pool(_ p: GPUPool, allocations: [CELValue]) -> CELValue {
    map([
      ("name", .string(p.name)), ("resource", .string(p.resource)), ("capacity", .int(Int64(p.capacity))),
      ("sharing", .string(p.sharing.rawValue)), ("nodeLabels", map(p.nodeLabels.map { ($0.key, .string($0.value)) })),
      ("allocations", .list(allocations)),
    ])
  }

  /// Tenant values, built in parallel chunks for large platforms (order kept).
  static func tenantValues(_ tenants: [Tenant]) -> [CELValue] {
    let chunk = 1024
    guard tenants.count > chunk * 2 else { return tenants.map(tenant) }
    let chunks = (tenants.count + chunk - 1) / chunk
    final class Slots: @unchecked Sendable {
      var results: [[CELValue]]
      init(_ n: Int) { results = Array(repeating: [], count: n) }
    }
    let slots = Slots(chunks)
    // Each iteration writes only its own slot.
    slots.results.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      DispatchQueue.concurrentPerform(iterations: chunks) { i in
        buffer[i] = tenants[(i * chunk)..<min(tenants.count, (i + 1) * chunk)].map(tenant)
      }
    }
    return slots.results.flatMap { $0 }
  }

  static func tenant(_ t: Tenant) -> CELValue {
    map([
      ("name", .string(t.name)),
      ("owners", .list(t.owners.map { .string(($0.kind == .group ? "group:" : "user:") + $0.name) })),
      ("priority", .string(t.priority.rawValue)),
      ("podSecurity", .string(t.podSecurity.rawValue)),
      ("quota", map([("cpu", .string(t.cpu.text)), ("memory", .string(t.memory.text)), ("gpus", counts(t.gpus))])),
      ("borrowing", counts(t.borrowing)),
    ])
  }

  static func model(_ m: Model) -> CELValue {
    var pairs: [(String, CELValue)] = [("name", .string(m.name)), ("tenant", .string(m.tenant))]
    if let c = m.contract {
      pairs.append(
        (
          "contract",
          map([
            ("formats", .list(c.formats.map { .string($0) })), ("signed", .bool(c.signed)), ("pickle", .string(c.pickle)),
            ("requiredMetadata", .list(c.requiredMetadata.map { .string($0) })),
          ])
        ))
    }
    if let s = m.serving {
      var serving: [(String, CELValue)] = [
        ("runtime", .string(s.runtime)), ("format", .string(s.format)), ("gpus", .int(Int64(s.gpus))),
        ("minReplicas", .int(Int64(s.minReplicas))), ("maxReplicas", .int(Int64(s.maxReplicas))),
        ("deploymentMode", .string(s.deploymentMode.rawValue)),
        ("resources", map([("cpu", .string(s.resources.cpu.text)), ("memory", .string(s.resources.memory.text))])),
        ("serviceAccount", .string("model-\(m.name)")),
      ]
      if let pool = s.gpuPool { serving.append(("gpuPool", .string(pool))) }
      pairs.append(("serving", map(serving)))
    }
    return map(pairs)
  }

  static func environment(_ e: Environment, _ models: [String: Model]) -> CELValue {
    map([
      ("name", .string(e.name)), ("cluster", .string(e.clusterName)), ("server", .string(e.server)),
      (
        "models",
        .list(
          e.pins.map { pin in
            var pairs: [(String, CELValue)] = [
              ("name", .string(pin.model)), ("tenant", .string(models[pin.model]?.tenant ?? "")),
              ("version", .string(pin.version)), ("artifact", .string(pin.artifact)), ("digest", .string(pin.digest)),
              ("signatureRequired", .bool(models[pin.model]?.contract?.signed ?? false)),
            ]
            if let c = pin.canary {
              pairs.append(
                (
                  "canary",
                  map([
                    ("version", .string(c.version)), ("artifact", .string(c.artifact)), ("digest", .string(c.digest)),
                    ("traffic", .int(Int64(c.traffic))),
                  ])
                ))
            }
            return map(pairs)
          })
      ),
    ])
  }
}

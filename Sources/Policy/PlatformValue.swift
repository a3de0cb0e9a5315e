import CEL
import PlatformModel

/// The compiled platform as the CEL value platform-scope rules read as `platform`.
///
/// ```
/// platform.name, platform.kubernetesVersion ("1.33"), platform.kubernetesMinor (33)
/// platform.gpuPools[]    {name, resource, capacity, sharing, nodeLabels}
/// platform.tenants[]     {name, owners ["group:x"], priority, quota {cpu, memory, gpus {pool: n}}, borrowing {pool: n}}
/// platform.models[]      {name, tenant, contract? {formats, signed, pickle, requiredMetadata}, serving? {...}}
/// platform.environments[] {name, cluster, server, models[] {name, tenant, version, artifact, digest,
///                          signatureRequired, canary? {version, artifact, digest, traffic}}}
/// platform.allowedSources {registries [], buckets []}
/// ```
public enum PlatformValue {
  public static func make(_ platform: Platform) -> CELValue {
    let modelsByName = Dictionary(platform.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    return map([
      ("name", .string(platform.name)),
      ("kubernetesVersion", .string("1.\(platform.kubernetesMinor)")),
      ("kubernetesMinor", .int(Int64(platform.kubernetesMinor))),
      ("gpuPools", .list(platform.pools.map(pool))),
      ("tenants", .list(platform.tenants.map(tenant))),
      ("models", .list(platform.models.map(model))),
      ("environments", .list(platform.environments.map { environment($0, modelsByName) })),
      ("allowedSources", map([
        ("registries", .list(platform.allowedSources.registries.map { .string($0) })),
        ("buckets", .list(platform.allowedSources.buckets.map { .string($0) })),
      ])),
    ])
  }

  static func map(_ pairs: [(String, CELValue)]) -> CELValue {
    .map(CELMap(replacingDuplicates: pairs.map { (.string($0.0), $0.1) }))
  }

  static func counts(_ pairs: [(pool: String, count: Int)]) -> CELValue {
    map(pairs.map { ($0.pool, .int(Int64($0.count))) })
  }

  static func pool(_ p: GPUPool) -> CELValue {
    map([
      ("name", .string(p.name)), ("resource", .string(p.resource)), ("capacity", .int(Int64(p.capacity))),
      ("sharing", .string(p.sharing.rawValue)), ("nodeLabels", map(p.nodeLabels.map { ($0.key, .string($0.value)) })),
    ])
  }

  static func tenant(_ t: Tenant) -> CELValue {
    map([
      ("name", .string(t.name)),
      ("owners", .list(t.owners.map { .string(($0.kind == .group ? "group:" : "user:") + $0.name) })),
      ("priority", .string(t.priority.rawValue)),
      ("quota", map([("cpu", .string(t.cpu.text)), ("memory", .string(t.memory.text)), ("gpus", counts(t.gpus))])),
      ("borrowing", counts(t.borrowing)),
    ])
  }

  static func model(_ m: Model) -> CELValue {
    var pairs: [(String, CELValue)] = [("name", .string(m.name)), ("tenant", .string(m.tenant))]
    if let c = m.contract {
      pairs.append(("contract", map([
        ("formats", .list(c.formats.map { .string($0) })), ("signed", .bool(c.signed)), ("pickle", .string(c.pickle)),
        ("requiredMetadata", .list(c.requiredMetadata.map { .string($0) })),
      ])))
    }
    if let s = m.serving {
      var serving: [(String, CELValue)] = [
        ("runtime", .string(s.runtime)), ("format", .string(s.format)), ("gpus", .int(Int64(s.gpus))),
        ("minReplicas", .int(Int64(s.minReplicas))), ("maxReplicas", .int(Int64(s.maxReplicas))),
        ("deploymentMode", .string(s.deploymentMode)),
      ]
      if let pool = s.gpuPool { serving.append(("gpuPool", .string(pool))) }
      pairs.append(("serving", map(serving)))
    }
    return map(pairs)
  }

  static func environment(_ e: Environment, _ models: [String: Model]) -> CELValue {
    map([
      ("name", .string(e.name)), ("cluster", .string(e.clusterName)), ("server", .string(e.server)),
      ("models", .list(e.pins.map { pin in
        var pairs: [(String, CELValue)] = [
          ("name", .string(pin.model)), ("tenant", .string(models[pin.model]?.tenant ?? "")),
          ("version", .string(pin.version)), ("artifact", .string(pin.artifact)), ("digest", .string(pin.digest)),
          ("signatureRequired", .bool(models[pin.model]?.contract?.signed ?? false)),
        ]
        if let c = pin.canary {
          pairs.append(("canary", map([
            ("version", .string(c.version)), ("artifact", .string(c.artifact)), ("digest", .string(c.digest)),
            ("traffic", .int(Int64(c.traffic))),
          ])))
        }
        return map(pairs)
      })),
    ])
  }
}

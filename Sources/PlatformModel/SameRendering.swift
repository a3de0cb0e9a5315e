/// "Renders the same": equality of everything an emitter may read, ignoring where in the spec a
/// value was written (`origin`). Plans use it to skip rendering tenants that are the same on both
/// sides; only the values' text counts (`Quantity`'s own `==` is numeric, so `1` and `1000m` are
/// equal there but render differently).
///
/// Keep these in step with the stored properties: `SameRenderingTests` lists every type's fields
/// and fails when one is added without being compared here.
extension Quantity {
  public func rendersSame(as other: Quantity) -> Bool { text == other.text && milliValue == other.milliValue }
}

extension Tenant {
  public func rendersSame(as other: Tenant) -> Bool {
    name == other.name && owners == other.owners && cpu.rendersSame(as: other.cpu) && memory.rendersSame(as: other.memory)
      && Self.samePairs(gpus, other.gpus) && Self.samePairs(borrowing, other.borrowing) && priority == other.priority
      && podSecurity == other.podSecurity && deleteOnRemoval == other.deleteOnRemoval
  }

  static func samePairs(_ l: [(pool: String, count: Int)], _ r: [(pool: String, count: Int)]) -> Bool {
    l.count == r.count && zip(l, r).allSatisfy { $0.pool == $1.pool && $0.count == $1.count }
  }
}

extension Model {
  public func rendersSame(as other: Model) -> Bool {
    name == other.name && tenant == other.tenant && contract == other.contract && serving == other.serving
  }
}

extension ModelPin {
  public func rendersSame(as other: ModelPin) -> Bool {
    model == other.model && version == other.version && artifact == other.artifact && digest == other.digest && canary == other.canary
  }
}

extension GPUPool {
  public func rendersSame(as other: GPUPool) -> Bool {
    name == other.name && resource == other.resource && capacity == other.capacity && sharing == other.sharing && taints == other.taints
      && nodeLabels.count == other.nodeLabels.count
      && zip(nodeLabels, other.nodeLabels).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}

extension Environment {
  /// Everything but the pins (compared per tenant), `approvers` and `promotion` (only the CI emitter
  /// and `paved promote` read them) and `file`, which names the file for
  /// diagnostics (a base revision's carries its commit: `89d6623:environments/dev.yaml`).
  public func sameSettings(as other: Environment) -> Bool {
    name == other.name && clusterName == other.clusterName && server == other.server && kubeConfigSecret == other.kubeConfigSecret
  }
}

extension Platform {
  /// Everything a Kubernetes emitter reads besides the tenants, their models and the environments'
  /// pins. `ci` is not compared: only the CI emitter reads it, and CI files are always rendered in full.
  public func sameSettings(as other: Platform) -> Bool {
    name == other.name && kubernetesMinor == other.kubernetesMinor && gitops == other.gitops && network == other.network
      && observability == other.observability && allowedSources == other.allowedSources
      && Self.same(pools, other.pools) { $0.rendersSame(as: $1) }
      && Self.same(environments, other.environments) { $0.sameSettings(as: $1) }
  }

  /// The names of the tenants that render the same here as in `other`: the same tenant, the same
  /// models (by name, each rendering the same) and, in every environment, the same pins of those
  /// models. Nil when the platform settings differ, so every tenant may render differently.
  public func tenantsRenderingSame(as other: Platform) -> Set<String>? {
    guard sameSettings(as: other) else { return nil }
    let mine = ByTenant(self)
    let theirs = ByTenant(other)
    var same = Set<String>()
    for tenant in tenants {
      guard let twin = other.tenant(named: tenant.name), tenant.rendersSame(as: twin) else { continue }
      let models = mine.models[tenant.name] ?? []
      let twinModels = theirs.models[tenant.name] ?? []
      guard Self.same(models, twinModels, { $0.rendersSame(as: $1) }) else { continue }
      let pinsSame = environments.indices.allSatisfy { e in
        Self.same(mine.pins[e][tenant.name] ?? [], theirs.pins[e][tenant.name] ?? []) { $0.rendersSame(as: $1) }
      }
      if pinsSame { same.insert(tenant.name) }
    }
    return same
  }

  static func same<T>(_ l: [T], _ r: [T], _ equal: (T, T) -> Bool) -> Bool {
    l.count == r.count && zip(l, r).allSatisfy(equal)
  }

  /// Models and pins grouped by tenant (each list in name order, as the platform keeps them).
  private struct ByTenant {
    var models: [String: [Model]] = [:]
    /// Per environment (promotion order), the pins of each tenant's models.
    var pins: [[String: [ModelPin]]] = []

    init(_ platform: Platform) {
      var tenantOf: [String: String] = [:]
      for model in platform.models {
        models[model.tenant, default: []].append(model)
        tenantOf[model.name] = model.tenant
      }
      pins = platform.environments.map { env in
        var byTenant: [String: [ModelPin]] = [:]
        // A pin of an undeclared model never reaches a lowered platform; keep it under "" anyway.
        for pin in env.pins { byTenant[tenantOf[pin.model] ?? "", default: []].append(pin) }
        return byTenant
      }
    }
  }
}

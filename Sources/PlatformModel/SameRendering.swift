/// Which tenants render the same on both sides of a plan, from the model types' derived `==`
/// (which ignores where a value was written: `NotCompared`). Emitters are pure functions of the
/// platform, so equal inputs render equal files.
extension Environment {
  /// The environment without its pins (compared per tenant), `approvers` and `promotion` (only the
  /// CI emitter and `paved promote` read them): what the Kubernetes emitters read of it besides pins.
  var renderSettings: Environment {
    var copy = self
    copy.pins = []
    copy.approvers = []
    copy.promotion = PromotionPolicy(from: nil)
    return copy
  }
}

extension Platform {
  /// The platform without its tenants, models, pins and `ci` (only the CI emitter reads it, and CI
  /// files are always rendered in full): everything else an emitter may read, for every tenant.
  var renderSettings: Platform {
    var copy = self
    copy.tenants = []
    copy.models = []
    copy.ci = nil
    copy.environments = environments.map(\.renderSettings)
    return copy
  }

  /// The names of the tenants that render the same here as in `other`: the same tenant, the same
  /// models (each `==`) and, in every environment, the same pins of those models. Nil when the
  /// platform settings differ, so every tenant may render differently.
  public func tenantsRenderingSame(as other: Platform) -> Set<String>? {
    guard renderSettings == other.renderSettings else { return nil }
    let mine = ByTenant(self)
    let theirs = ByTenant(other)
    var same = Set<String>()
    for tenant in tenants {
      guard let twin = other.tenant(named: tenant.name), tenant == twin,
        mine.models[tenant.name] ?? [] == theirs.models[tenant.name] ?? []
      else { continue }
      if environments.indices.allSatisfy({ mine.pins[$0][tenant.name] ?? [] == theirs.pins[$0][tenant.name] ?? [] }) {
        same.insert(tenant.name)
      }
    }
    return same
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

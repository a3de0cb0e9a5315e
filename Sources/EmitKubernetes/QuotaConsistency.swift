import Artifacts
import PlatformModel

/// Cross-object rules between a tenant's ClusterQueue, Namespace and ResourceQuota: the queue's
/// namespaceSelector matches the namespace's labels, and the namespace quota covers everything Kueue may
/// admit (nominal + borrowing limit per resource), since Kueue does not read ResourceQuota.
enum QuotaConsistency {
  static func check(_ artifacts: [Artifact]) -> [KueueRules.Violation] {
    var index = CheckedKinds(artifacts)
    return check(artifacts, index.readObjects(artifacts), index)
  }

  static func check(_ artifacts: [Artifact], _ objects: [KValue?], _ index: CheckedKinds) -> [KueueRules.Violation] {
    var namespaces: [String: Int] = [:], quotas: [String: Int] = [:]
    namespaces.reserveCapacity(index.namespaces.count)
    quotas.reserveCapacity(index.quotas.count)
    for i in index.namespaces {
      guard let id = artifacts[i].identity else { continue }
      namespaces[KueueRules.scope(artifacts[i].path) + id.name] = i
    }
    for i in index.quotas {
      guard let id = artifacts[i].identity else { continue }
      quotas[KueueRules.scope(artifacts[i].path) + (id.namespace ?? "")] = i
    }
    // Index namespaces by (scope, label, value) so each selector is matched in constant time.
    var byLabel: [String: Set<String>] = [:]
    for (key, i) in namespaces {
      let scope = KueueRules.scope(key)
      for (label, value) in objects[i]?["metadata"]?["labels"]?.map?.entries ?? [] {
        if let value = value.string { byLabel[scope + label + "=" + value, default: []].insert(key) }
      }
    }
    var out: [KueueRules.Violation] = []
    for i in index.queues {
      guard let queue = objects[i] else { continue }
      let path = artifacts[i].path, scope = KueueRules.scope(path)
      let spec = queue["spec"]
      guard case .map(let selector)? = spec["namespaceSelector"]["matchLabels"] else { continue }
      var matching: Set<String>? = nil
      for (label, value) in selector.entries {
        let candidates = byLabel[scope + label + "=" + (value.string ?? "")] ?? []
        matching = matching.map { $0.intersection(candidates) } ?? candidates
      }
      guard let found = matching, found.count == 1, let nsKey = found.first else {
        out.append(.init(path: path, rule: "namespaceSelector must match exactly one tenant namespace, matches \(matching?.count ?? 0)"))
        continue
      }
      guard let q = quotas[nsKey], let hard = objects[q]?["spec"]?["hard"]?.map else {
        out.append(.init(path: path, rule: "the tenant namespace has no ResourceQuota"))
        continue
      }
      var admissible: [String: Int64] = [:]
      for group in spec["resourceGroups"].lists {
        for flavor in group["flavors"].lists {
          for r in flavor["resources"].lists {
            guard let name = r["name"]?.string else { continue }
            admissible[name, default: 0] += milli(r["nominalQuota"]) + milli(r["borrowingLimit"])
          }
        }
      }
      for (resource, amount) in admissible where milli(hard["requests.\(resource)"]) < amount {
        out.append(.init(path: path, rule: "ResourceQuota requests.\(resource) is below what Kueue may admit (nominal + borrowing)"))
      }
    }
    return out
  }

  static func milli(_ value: KValue?) -> Int64 {
    switch value {
    case .int(let i)?: return Int64(i) * 1000
    case .string(let s)?: return Quantity(s)?.milliValue ?? 0
    default: return 0
    }
  }
}

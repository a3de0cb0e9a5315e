import Artifacts

/// Cross-object rules between a tenant's ClusterQueue, Namespace and ResourceQuota: the queue's
/// namespaceSelector matches the namespace's labels, and the namespace quota covers everything Kueue may
/// admit (nominal + borrowing limit per resource), since Kueue does not read ResourceQuota.
enum QuotaConsistency {
  static func check(_ artifacts: [Artifact], _ index: CheckedKinds, _ facts: [ObjectFacts]) -> [KueueRules.Violation] {
    // Namespaces by `<scope><name>`, quotas by `<scope><namespace>` (positions in `facts`).
    var namespaces: [String: Int] = [:], quotas: [String: Int] = [:]
    var selectorKeys: Set<String> = []
    for (k, fact) in facts.enumerated() {
      let artifact = artifacts[index.all[k]]
      guard let id = artifact.identity else { continue }
      switch fact {
      case .namespace: namespaces[KueueRules.scope(artifact.path) + id.name] = k
      case .quota: quotas[KueueRules.scope(artifact.path) + (id.namespace ?? "")] = k
      case .clusterQueue(let queue, _): for (label, _) in queue.selector ?? [] { selectorKeys.insert(label) }
      default: break
      }
    }
    // Namespaces by (scope, label, value), for the labels some selector reads.
    var byLabel: [String: [String]] = [:]
    for (key, k) in namespaces {
      guard case .namespace(let labels) = facts[k] else { continue }
      let scope = KueueRules.scope(key)
      for (label, value) in labels where selectorKeys.contains(label) { byLabel[scope + label + "=" + value, default: []].append(key) }
    }
    var out: [KueueRules.Violation] = []
    for (k, fact) in facts.enumerated() {
      guard case .clusterQueue(let queue, _) = fact, let selector = queue.selector else { continue }
      let path = artifacts[index.all[k]].path, scope = KueueRules.scope(path)
      // Start from the most selective pair (the environment label alone matches every tenant's namespace).
      var matching: [String] = []
      let candidates = selector.map { byLabel[scope + $0.0 + "=" + $0.1] ?? [] }.min { $0.count < $1.count }
      if let candidates {
        matching = candidates.filter { key in
          guard let n = namespaces[key], case .namespace(let labels) = facts[n] else { return false }
          return selector.allSatisfy { pair in labels.contains { $0 == pair } }
        }
      }
      guard matching.count == 1 else {
        out.append(.init(path: path, rule: "namespaceSelector must match exactly one tenant namespace, matches \(matching.count)"))
        continue
      }
      guard let q = quotas[matching[0]], case .quota(let hard?) = facts[q] else {
        out.append(.init(path: path, rule: "the tenant namespace has no ResourceQuota"))
        continue
      }
      for (resource, amount) in queue.admissible {
        let key = "requests.\(resource)"
        let limit = hard.first { $0.0 == key }?.1 ?? 0
        if limit < amount { out.append(.init(path: path, rule: "ResourceQuota requests.\(resource) is below what Kueue may admit (nominal + borrowing)")) }
      }
    }
    return out
  }
}

import Artifacts

/// Cross-object rules between a tenant's ClusterQueue, Namespace and ResourceQuota: the queue's
/// namespaceSelector matches the namespace's labels, and the namespace quota covers everything Kueue may
/// admit (nominal + borrowing limit per resource), since Kueue does not read ResourceQuota.
enum QuotaConsistency {
  static func check(_ objects: [CheckedObject]) -> [KueueRules.Violation] {
    let facts = objects.map(\.facts)
    // Per scope (environment directory): namespaces by name and quotas by namespace (positions in
    // `facts`), and the label keys some selector reads. Two-level maps: no key strings are built.
    var namespaces: [Substring: [String: Int]] = [:]
    var quotas: [Substring: [String: Int]] = [:]
    var selectorKeys: Set<String> = []
    for (k, fact) in facts.enumerated() {
      let path = objects[k].path
      let id = objects[k].identity
      switch fact {
      case .namespace: namespaces[KueueRules.scopeName(path), default: [:]][id.name] = k
      case .quota: quotas[KueueRules.scopeName(path), default: [:]][id.namespace ?? ""] = k
      case .clusterQueue(let queue, _): for (label, _) in queue.selector ?? [] { selectorKeys.insert(label) }
      default: break
      }
    }
    // Per scope and selector label: namespaces by label value.
    var byLabel: [Substring: [String: [String: [String]]]] = [:]
    for (scope, names) in namespaces {
      var scoped: [String: [String: [String]]] = [:]
      for (name, k) in names {
        guard case .namespace(let labels) = facts[k] else { continue }
        for (label, value) in labels where selectorKeys.contains(label) { scoped[label, default: [:]][value, default: []].append(name) }
      }
      byLabel[scope] = scoped
    }
    var out: [KueueRules.Violation] = []
    for (k, fact) in facts.enumerated() {
      guard case .clusterQueue(let queue, _) = fact, let selector = queue.selector else { continue }
      let path = objects[k].path
      let scope = KueueRules.scopeName(path)
      // Start from the most selective pair (the environment label alone matches every tenant's namespace).
      var matching: [String] = []
      let candidates = selector.map { byLabel[scope]?[$0.0]?[$0.1] ?? [] }.min { $0.count < $1.count }
      if let candidates {
        matching = candidates.filter { name in
          guard let n = namespaces[scope]?[name], case .namespace(let labels) = facts[n] else { return false }
          return selector.allSatisfy { pair in labels.contains { $0 == pair } }
        }
      }
      guard matching.count == 1 else {
        out.append(.init(path: path, rule: "namespaceSelector must match exactly one tenant namespace, matches \(matching.count)"))
        continue
      }
      guard let q = quotas[scope]?[matching[0]], case .quota(let hard?) = facts[q] else {
        out.append(.init(path: path, rule: "the tenant namespace has no ResourceQuota"))
        continue
      }
      for (resource, amount) in queue.admissible {
        let key = "requests.\(resource)"
        let limit = hard.first { $0.0 == key }?.1 ?? 0
        if limit < amount {
          out.append(.init(path: path, rule: "ResourceQuota requests.\(resource) is below what Kueue may admit (nominal + borrowing)"))
        }
      }
    }
    return out
  }
}

import Artifacts
import Diagnostics
import Dispatch

/// The CEL `x-kubernetes-validations` of the Kueue kinds Paved emits, and the cross-object rules no
/// schema checks (flavor and queue references, quota ≥ Kueue quota), evaluated natively.
///
/// Emitted output that breaks one of these is a compiler bug: the driver reports it as internal.
public enum KueueRules {
  /// One broken rule on one emitted object.
  public struct Violation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var rule: String
    public var description: String { "\(path): \(rule)" }
  }

  public static func check(_ artifacts: [Artifact]) -> [Violation] {
    // One pass over all artifacts picks out the kinds these rules read (by identity, without reading
    // bytes). Each of those objects is then read back once, on all cores, its own rules checked and
    // the few facts the cross-object rules need kept; the tree is dropped at once.
    let index = CheckedKinds(artifacts)
    let facts = ObjectFacts.read(artifacts, index.all)
    var out: [Violation] = []
    for (i, fact) in zip(index.all, facts) {
      if case .unreadable = fact { out.append(Violation(path: artifacts[i].path, rule: "the emitted bytes do not read back as one object")) }
    }
    for fact in facts { out += fact.violations }
    out += references(artifacts, index, facts)
    out += QuotaConsistency.check(artifacts, index, facts)
    return out
  }

  /// Every flavor a ClusterQueue names and every ClusterQueue a LocalQueue names exists in its environment.
  static func references(_ artifacts: [Artifact], _ index: CheckedKinds, _ facts: [ObjectFacts]) -> [Violation] {
    // Names per scope (environment directory): no key strings are built.
    var flavors: [Substring: Set<String>] = [:], queues: [Substring: Set<String>] = [:]
    for (i, fact) in zip(index.all, facts) {
      guard let id = artifacts[i].identity else { continue }
      switch fact {
      case .flavor: flavors[scopeName(artifacts[i].path), default: []].insert(id.name)
      case .clusterQueue: queues[scopeName(artifacts[i].path), default: []].insert(id.name)
      default: break
      }
    }
    var out: [Violation] = []
    for (i, fact) in zip(index.all, facts) {
      let path = artifacts[i].path
      switch fact {
      case .clusterQueue(let queue, _):
        let known = flavors[scopeName(path)] ?? []
        for name in queue.flavors where !known.contains(name) {
          out.append(Violation(path: path, rule: "flavor '\(name)' has no ResourceFlavor"))
        }
      case .localQueue(let cq, _):
        if let cq, !(queues[scopeName(path)]?.contains(cq) ?? false) { out.append(Violation(path: path, rule: "clusterQueue '\(cq)' does not exist")) }
      default: break
      }
    }
    return out
  }

  /// The environment directory of an output path, without its `/` (`prod`); no allocation.
  static func scopeName(_ path: String) -> Substring { path[..<(path.firstIndex(of: "/") ?? path.endIndex)] }

  static func clusterQueue(_ o: KValue, _ path: String) -> [Violation] {
    var out: [Violation] = []
    let spec = o["spec"]
    let hasCohort = !(spec["cohortName"]?.string ?? "").isEmpty
    if spec["namespaceSelector"] == nil { out.append(Violation(path: path, rule: "namespaceSelector must be set (null admits no namespace)")) }
    for group in spec["resourceGroups"].lists {
      let covered = group["coveredResources"].lists.compactMap(\.string)
      for flavor in group["flavors"].lists {
        let resources = flavor["resources"].lists
        let names = resources.compactMap { $0["name"]?.string }
        if names != covered { out.append(Violation(path: path, rule: "flavors must have the same resources as the coveredResources, in order")) }
        for r in resources where r["borrowingLimit"] != nil && !hasCohort {
          out.append(Violation(path: path, rule: "borrowingLimit requires a cohort"))
        }
      }
    }
    let preemption = spec["preemption"]
    if preemption["reclaimWithinCohort"]?.string == "Never",
      let policy = preemption["borrowWithinCohort"]["policy"]?.string, policy != "Never"
    {
      out.append(Violation(path: path, rule: "reclaimWithinCohort=Never forbids borrowWithinCohort.policy other than Never"))
    }
    if let f = spec["flavorFungibility"], f["preference"] != nil,
      f["whenCanBorrow"]?.string != "TryNextFlavor" || f["whenCanPreempt"]?.string != "TryNextFlavor"
    {
      out.append(Violation(path: path, rule: "flavorFungibility.preference requires both policies to be TryNextFlavor"))
    }
    return out
  }

  static func resourceFlavor(_ o: KValue, _ path: String) -> [Violation] {
    var out: [Violation] = []
    let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
    for taint in o[path: "spec.nodeTaints"].lists where !effects.contains(taint[path: "effect"]?.string ?? "") {
      out.append(Violation(path: path, rule: "taint effect must be one of \(effects.joined(separator: ", "))"))
    }
    for t in o[path: "spec.tolerations"].lists {
      if t[path: "operator"]?.string == "Exists" && t[path: "value"] != nil {
        out.append(Violation(path: path, rule: "a toleration with operator Exists must not have a value"))
      }
      if t[path: "tolerationSeconds"] != nil && t[path: "effect"]?.string != "NoExecute" {
        out.append(Violation(path: path, rule: "tolerationSeconds requires effect NoExecute"))
      }
    }
    if o[path: "spec.nodeLabels"]?.map.map({ $0.entries.count > 8 }) == true {
      out.append(Violation(path: path, rule: "at most 8 nodeLabels"))
    }
    return out
  }
}

/// Indices of the artifacts whose kinds the Kueue rules read, in artifact order.
struct CheckedKinds {
  static let kinds: Set<String> = ["ResourceFlavor", "ClusterQueue", "LocalQueue", "Namespace", "ResourceQuota"]
  var all: [Int] = []

  init(_ artifacts: [Artifact]) {
    for i in artifacts.indices {
      guard artifacts[i].holdsObject, let kind = artifacts[i].identity?.kind, Self.kinds.contains(kind) else { continue }
      all.append(i)
    }
  }
}

extension Optional where Wrapped == KValue {
  /// The value under `key` when this is a map.
  subscript(_ key: String) -> KValue? { self?.map?[key] }

  /// The items when this is a list, else none.
  var lists: [KValue] {
    if case .list(let items)? = self { return items }
    return []
  }
}

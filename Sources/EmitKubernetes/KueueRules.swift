import Artifacts
import Diagnostics

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
    var out: [Violation] = []
    var flavors: Set<String> = [], queues: Set<String> = []
    for a in artifacts {
      guard let o = a.object, let id = a.identity else { continue }
      if id.kind == "ResourceFlavor" { flavors.insert(scope(a) + id.name); out += resourceFlavor(o, a.path) }
      if id.kind == "ClusterQueue" { queues.insert(scope(a) + id.name); out += clusterQueue(o, a.path) }
    }
    for a in artifacts {
      guard let o = a.object, let id = a.identity else { continue }
      if id.kind == "ClusterQueue" {
        for group in o[path: "spec.resourceGroups"].lists {
          for flavor in group[path: "flavors"].lists {
            let name = flavor[path: "name"]?.string ?? ""
            if !flavors.contains(scope(a) + name) { out.append(Violation(path: a.path, rule: "flavor '\(name)' has no ResourceFlavor")) }
          }
        }
      }
      if id.kind == "LocalQueue", let cq = o[path: "spec.clusterQueue"]?.string, !queues.contains(scope(a) + cq) {
        out.append(Violation(path: a.path, rule: "clusterQueue '\(cq)' does not exist"))
      }
    }
    return out + QuotaConsistency.check(artifacts)
  }

  static func scope(_ a: Artifact) -> String { String(a.path.prefix { $0 != "/" }) + "/" }

  static func clusterQueue(_ o: KValue, _ path: String) -> [Violation] {
    var out: [Violation] = []
    let hasCohort = !(o[path: "spec.cohortName"]?.string ?? "").isEmpty
    if o[path: "spec.namespaceSelector"] == nil { out.append(Violation(path: path, rule: "namespaceSelector must be set (null admits no namespace)")) }
    for group in o[path: "spec.resourceGroups"].lists {
      let covered = group[path: "coveredResources"].lists.compactMap(\.string)
      for flavor in group[path: "flavors"].lists {
        let names = flavor[path: "resources"].lists.compactMap { $0[path: "name"]?.string }
        if names != covered { out.append(Violation(path: path, rule: "flavors must have the same resources as the coveredResources, in order")) }
        for r in flavor[path: "resources"].lists where r[path: "borrowingLimit"] != nil && !hasCohort {
          out.append(Violation(path: path, rule: "borrowingLimit requires a cohort"))
        }
      }
    }
    if o[path: "spec.preemption.reclaimWithinCohort"]?.string == "Never",
      let policy = o[path: "spec.preemption.borrowWithinCohort.policy"]?.string, policy != "Never"
    {
      out.append(Violation(path: path, rule: "reclaimWithinCohort=Never forbids borrowWithinCohort.policy other than Never"))
    }
    if let f = o[path: "spec.flavorFungibility"], f[path: "preference"] != nil,
      f[path: "whenCanBorrow"]?.string != "TryNextFlavor" || f[path: "whenCanPreempt"]?.string != "TryNextFlavor"
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

extension Optional where Wrapped == KValue {
  /// The value under `key` when this is a map.
  subscript(_ key: String) -> KValue? { self?.map?[key] }

  /// The items when this is a list, else none.
  var lists: [KValue] {
    if case .list(let items)? = self { return items }
    return []
  }
}

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
    // One pass over all artifacts picks out the few kinds these rules read; the rules then visit
    // only those, by index (no `Artifact` copies). The per-object and reference rules and the
    // quota consistency rules are independent, so they run on two cores; the order of the result
    // is the same as run one after the other.
    var kinds = CheckedKinds(artifacts)
    let objects = kinds.readObjects(artifacts)
    let index = kinds
    var parts: [[Violation]] = [[], []]
    parts.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      DispatchQueue.concurrentPerform(iterations: 2) { i in
        buffer[i] = i == 0 ? objectAndReferenceRules(artifacts, objects, index) : QuotaConsistency.check(artifacts, objects, index)
      }
    }
    return index.unreadable.map { Violation(path: artifacts[$0].path, rule: "the emitted bytes do not read back as one object") } + parts[0] + parts[1]
  }

  static func objectAndReferenceRules(_ artifacts: [Artifact], _ objects: [KValue?], _ index: CheckedKinds) -> [Violation] {
    var out: [Violation] = []
    var flavors: Set<String> = [], queues: Set<String> = []
    queues.reserveCapacity(index.queues.count)
    for i in index.flavorsAndQueues {
      guard let o = objects[i], let id = artifacts[i].identity else { continue }
      let path = artifacts[i].path
      if id.kind == "ResourceFlavor" {
        flavors.insert(scope(path) + id.name)
        out += resourceFlavor(o, path)
      } else {
        queues.insert(scope(path) + id.name)
        out += clusterQueue(o, path)
      }
    }
    for i in index.queuesAndLocalQueues {
      guard let o = objects[i], let id = artifacts[i].identity else { continue }
      let path = artifacts[i].path
      if id.kind == "ClusterQueue" {
        let s = scope(path)
        for group in o["spec"]["resourceGroups"].lists {
          for flavor in group["flavors"].lists {
            let name = flavor["name"]?.string ?? ""
            if !flavors.contains(s + name) { out.append(Violation(path: path, rule: "flavor '\(name)' has no ResourceFlavor")) }
          }
        }
      } else if let cq = o["spec"]["clusterQueue"]?.string, !queues.contains(scope(path) + cq) {
        out.append(Violation(path: path, rule: "clusterQueue '\(cq)' does not exist"))
      }
    }
    return out
  }

  /// The environment directory of an output path, with its `/` (`prod/`).
  static func scope(_ path: String) -> String {
    guard let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return path + "/" }
    return String(path[...slash])
  }

  static func scope(_ a: Artifact) -> String { scope(a.path) }

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

/// Indices of the artifacts whose kinds the Kueue rules read, each list in artifact order.
struct CheckedKinds {
  var flavorsAndQueues: [Int] = []
  var queuesAndLocalQueues: [Int] = []
  var queues: [Int] = []
  var namespaces: [Int] = []
  var quotas: [Int] = []
  /// Checked objects whose bytes did not read back (filled by `readObjects`).
  var unreadable: [Int] = []

  init(_ artifacts: [Artifact]) {
    for i in artifacts.indices {
      guard artifacts[i].holdsObject, let kind = artifacts[i].identity?.kind else { continue }
      switch kind {
      case "ResourceFlavor": flavorsAndQueues.append(i)
      case "ClusterQueue":
        flavorsAndQueues.append(i)
        queuesAndLocalQueues.append(i)
        queues.append(i)
      case "LocalQueue": queuesAndLocalQueues.append(i)
      case "Namespace": namespaces.append(i)
      case "ResourceQuota": quotas.append(i)
      default: break
      }
    }
  }
}

extension CheckedKinds {
  /// The objects of the checked kinds read back from their bytes once, on all cores (indexed like
  /// `artifacts`; nil for every other artifact). Records the ones that do not read back.
  mutating func readObjects(_ artifacts: [Artifact]) -> [KValue?] {
    let wanted = flavorsAndQueues + queuesAndLocalQueues.filter { artifacts[$0].identity?.kind == "LocalQueue" } + namespaces + quotas
    var objects = [KValue?](repeating: nil, count: artifacts.count)
    let chunk = 4096
    objects.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      DispatchQueue.concurrentPerform(iterations: (wanted.count + chunk - 1) / chunk) { c in
        for i in wanted[(c * chunk)..<min(wanted.count, (c + 1) * chunk)] { buffer[i] = artifacts[i].object }
      }
    }
    unreadable = wanted.filter { objects[$0] == nil }.sorted()
    return objects
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

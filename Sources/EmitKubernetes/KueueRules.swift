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

  /// Reads back every object of the kinds these rules check (on all cores) and checks them.
  public static func check(_ artifacts: [Artifact]) -> [Violation] {
    let indices = artifacts.indices.filter { CheckedObject.isChecked(artifacts[$0]) }
    var objects = [CheckedObject?](repeating: nil, count: indices.count)
    let chunk = 2048
    objects.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      DispatchQueue.concurrentPerform(iterations: (indices.count + chunk - 1) / chunk) { c in
        for k in (c * chunk)..<min(indices.count, (c + 1) * chunk) { buffer[k] = CheckedObject(artifacts[indices[k]]) }
      }
    }
    return check(objects.compactMap { $0 })
  }

  /// Checks objects already read (the driver reads them as it emits, on the emitting cores), given in path order.
  public static func check(_ objects: [CheckedObject]) -> [Violation] {
    var out: [Violation] = []
    for object in objects {
      if case .unreadable = object.facts { out.append(Violation(path: object.path, rule: "the emitted bytes do not read back as one object")) }
    }
    for object in objects { out += object.facts.violations }
    out += references(objects)
    out += QuotaConsistency.check(objects)
    out += PodSecurityRules.check(objects)
    return out
  }

  /// Every flavor a ClusterQueue names and every ClusterQueue a LocalQueue names exists in its environment.
  static func references(_ objects: [CheckedObject]) -> [Violation] {
    // Names per scope (environment directory): no key strings are built.
    var flavors: [Substring: Set<String>] = [:]
    var queues: [Substring: Set<String>] = [:]
    for object in objects {
      switch object.facts {
      case .flavor: flavors[scopeName(object.path), default: []].insert(object.identity.name)
      case .clusterQueue: queues[scopeName(object.path), default: []].insert(object.identity.name)
      default: break
      }
    }
    var out: [Violation] = []
    for object in objects {
      let path = object.path
      switch object.facts {
      case .clusterQueue(let queue, _):
        let known = flavors[scopeName(path)] ?? []
        for name in queue.flavors where !known.contains(name) {
          out.append(Violation(path: path, rule: "flavor '\(name)' has no ResourceFlavor"))
        }
      case .localQueue(let cq, _):
        if let cq, !(queues[scopeName(path)]?.contains(cq) ?? false) {
          out.append(Violation(path: path, rule: "clusterQueue '\(cq)' does not exist"))
        }
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

/// An emitted object of a kind the Kueue rules check, read back from its bytes: its path, identity
/// and the facts the rules need (the tree itself is not kept).
public struct CheckedObject: Sendable {
  static let kinds: Set<String> = [
    "ResourceFlavor", "ClusterQueue", "LocalQueue", "Namespace", "ResourceQuota", "InferenceService", "ClusterStorageContainer",
  ]
  public let path: String
  public let identity: ObjectIdentity
  let facts: ObjectFacts

  /// Whether the rules check this artifact's object (decided by identity, without reading bytes).
  public static func isChecked(_ artifact: Artifact) -> Bool {
    guard artifact.holdsObject, let kind = artifact.identity?.kind else { return false }
    return kinds.contains(kind)
  }

  /// The artifact's object read back, or nil when the rules do not check its kind.
  public init?(_ artifact: Artifact) {
    guard Self.isChecked(artifact), let identity = artifact.identity else { return nil }
    self.path = artifact.path
    self.identity = identity
    self.facts = ObjectFacts.facts(of: artifact)
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

import Artifacts
import PlatformModel

/// What the cross-object Kueue rules need from one emitted object, read back from its bytes, with
/// the violations of the object's own rules. Reading keeps these few facts and drops the tree, so
/// checking 100,000 objects never holds 100,000 trees.
enum ObjectFacts: Sendable {
  case unreadable
  case flavor(violations: [KueueRules.Violation])
  case clusterQueue(QueueFacts, violations: [KueueRules.Violation])
  /// The ClusterQueue a LocalQueue names.
  case localQueue(String?, violations: [KueueRules.Violation])
  case namespace(labels: [(String, String)])
  /// `spec.hard` in milli-units; nil when the quota has no `hard` map.
  case quota(hard: [(String, Int64)]?)
  /// The pods KServe would build from an InferenceService, with its webhook's verdict.
  case inferenceService(PodSecurityRules.Facts, violations: [KueueRules.Violation])
  /// A ClusterStorageContainer's container (the storage-initializer it injects).
  case storageContainer(container: KMap)

  struct QueueFacts: Sendable {
    /// Flavor names of every resource group, in order.
    var flavors: [String] = []
    /// `spec.namespaceSelector.matchLabels`, nil when it is not a map.
    var selector: [(String, String)]?
    /// Per resource: the sum of nominal quota and borrowing limit over all flavors, in milli-units, in first-seen order.
    var admissible: [(String, Int64)] = []
  }

  var violations: [KueueRules.Violation] {
    switch self {
    case .flavor(let v), .clusterQueue(_, let v), .localQueue(_, let v), .inferenceService(_, let v): return v
    case .unreadable, .namespace, .quota, .storageContainer: return []
    }
  }

  static func facts(of artifact: Artifact) -> ObjectFacts {
    guard let o = artifact.object, let kind = artifact.identity?.kind else { return .unreadable }
    let path = artifact.path
    switch kind {
    case "ResourceFlavor":
      return .flavor(violations: KueueRules.resourceFlavor(o, path))
    case "ClusterQueue":
      var queue = QueueFacts()
      let spec = o["spec"]
      if case .map(let selector)? = spec["namespaceSelector"]["matchLabels"] {
        queue.selector = selector.entries.map { ($0.key, $0.value.string ?? "") }
      }
      for group in spec["resourceGroups"].lists {
        for flavor in group["flavors"].lists {
          queue.flavors.append(flavor["name"]?.string ?? "")
          for r in flavor["resources"].lists {
            guard let name = r["name"]?.string else { continue }
            let amount = milli(r["nominalQuota"]) + milli(r["borrowingLimit"])
            if let k = queue.admissible.firstIndex(where: { $0.0 == name }) {
              queue.admissible[k].1 += amount
            } else {
              queue.admissible.append((name, amount))
            }
          }
        }
      }
      return .clusterQueue(queue, violations: KueueRules.clusterQueue(o, path))
    case "LocalQueue":
      return .localQueue(o["spec"]["clusterQueue"]?.string, violations: [])
    case "Namespace":
      return .namespace(labels: (o["metadata"]["labels"]?.map?.entries ?? []).compactMap { e in e.value.string.map { (e.key, $0) } })
    case "InferenceService":
      return .inferenceService(PodSecurityRules.facts(of: o), violations: KServeRules.inferenceService(o, path))
    case "ClusterStorageContainer":
      return .storageContainer(container: o[path: "spec.container"]?.map ?? KMap())
    case "ResourceQuota":
      return .quota(hard: o["spec"]["hard"]?.map.map { $0.entries.map { ($0.key, milli($0.value)) } })
    default:
      return .unreadable
    }
  }

  static func milli(_ value: KValue?) -> Int64 {
    switch value {
    case .int(let i)?: return Int64(i) * 1000
    case .string(let s)?: return Quantity(s)?.milliValue ?? 0
    default: return 0
    }
  }
}

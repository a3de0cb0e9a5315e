import Artifacts

/// Pod Security Standards (k8s.io/pod-security-admission `policy/check_*.go`) on the pods KServe
/// builds from an emitted InferenceService, checked against the level its Namespace enforces.
///
/// The pods, as KServe v0.20 derives them: the pod security context only from the predictor; the
/// model container's from `predictor.model` (a canary's merged over the stable one's, as
/// `buildCanaryPredictor` merges them); a `storage-initializer` for a downloaded URI, whose security
/// context comes only from its ClusterStorageContainer; for `oci://`, modelcar containers with only
/// `runAsUser`.
enum PodSecurityRules {
  /// One pod KServe would create: its security context and each container's, by name.
  struct Pod {
    var label: String
    var podContext: KMap
    var containers: [(name: String, context: KMap)]
    /// The ClusterStorageContainer the storage-initializer comes from (nil: KServe's default), when
    /// the pod downloads its model.
    var storageContainer: String??
  }

  /// What the cross-object check needs of one InferenceService, computed when it is read back (the
  /// pods themselves are not kept): the findings at each level, and each pod's storage-initializer.
  struct Facts: Sendable {
    var restricted: [String] = []
    var baseline: [String] = []
    var storageInitializers: [StorageNeed] = []
  }

  /// A pod that downloads its model: the ClusterStorageContainer it names (nil: KServe's default)
  /// and what the pod's own context already gives the storage-initializer.
  struct StorageNeed: Sendable {
    var label: String
    var named: String?
    var podNonRoot: Bool
    var podSeccomp: Bool
  }

  static func facts(of o: KValue) -> Facts {
    var facts = Facts()
    for pod in pods(of: o) {
      facts.restricted += violations(pod, level: "restricted")
      facts.baseline += violations(pod, level: "baseline")
      if case .some(let named) = pod.storageContainer {
        facts.storageInitializers.append(
          StorageNeed(
            label: pod.label, named: named, podNonRoot: pod.podContext["runAsNonRoot"] == .bool(true),
            podSeccomp: pod.podContext["seccompProfile"]?["type"]?.string.map(seccompTypes.contains) ?? false))
      }
    }
    return facts
  }

  static let baselineCapabilities: Set<String> = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP",
    "SETUID", "SYS_CHROOT",
  ]
  static let seccompTypes = ["RuntimeDefault", "Localhost"]

  /// The stable predictor's pod and each canary's.
  static func pods(of o: KValue) -> [Pod] {
    let predictor = o[path: "spec.predictor"]?.map ?? KMap()
    let podContext = predictor["securityContext"]?.map ?? KMap()
    let storage = predictor["storageContainerName"]?.string
    func pod(_ label: String, model: KMap, context: KMap) -> Pod {
      let uri = model["storageUri"]?.string ?? ""
      var containers = [(name: "kserve-container", context: context)]
      if uri.hasPrefix("oci://") {
        let modelcar = KMap([(key: "runAsUser", value: .int(1010))])
        containers += [(name: "modelcar", context: modelcar), (name: "modelcar-init", context: modelcar)]
      }
      let downloads = ServingObjects.downloads(uri)
      return Pod(label: label, podContext: podContext, containers: containers, storageContainer: downloads ? .some(storage) : .none)
    }
    let stableModel = predictor["model"]?.map ?? KMap()
    let stableContext = stableModel["securityContext"]?.map ?? KMap()
    var out = [pod("predictor pod", model: stableModel, context: stableContext)]
    for canary in o[path: "spec.canary"].lists {
      let model = canary["predictor"]?["model"]?.map ?? KMap()
      var merged = stableModel
      for entry in model.entries { merged.set(entry.key, entry.value) }
      var context = stableContext
      for entry in (model["securityContext"]?.map ?? KMap()).entries { context.set(entry.key, entry.value) }
      out.append(pod("canary pod", model: merged, context: context))
    }
    return out
  }

  /// What `level` forbids in `pod`, leaving the storage-initializer to the caller (it needs the
  /// ClusterStorageContainer, another object).
  static func violations(_ pod: Pod, level: String) -> [String] {
    var out: [String] = []
    let podContext = pod.podContext
    for key in ["hostNetwork", "hostPID", "hostIPC"] where podContext[key] == .bool(true) { out.append("\(pod.label): \(key)=true") }
    if let type = podContext["seccompProfile"]?["type"]?.string, !seccompTypes.contains(type) {
      out.append("\(pod.label): seccompProfile.type \(type)")
    }
    for (name, sc) in pod.containers {
      if sc["privileged"] == .bool(true) { out.append("\(pod.label): container \(name) is privileged") }
      let added = sc["capabilities"]?["add"].lists.compactMap(\.string) ?? []
      if !Set(added).isSubset(of: baselineCapabilities) { out.append("\(pod.label): container \(name) adds non-default capabilities") }
      if let type = sc["seccompProfile"]?["type"]?.string, !seccompTypes.contains(type) {
        out.append("\(pod.label): container \(name) seccompProfile.type \(type)")
      }
    }
    guard level == "restricted" else { return out }
    let podNonRoot = podContext["runAsNonRoot"] == .bool(true)
    let podSeccomp = podContext["seccompProfile"]?["type"]?.string.map(seccompTypes.contains) ?? false
    if podContext["runAsUser"] == .int(0) { out.append("\(pod.label): runAsUser=0") }
    for (name, sc) in pod.containers {
      // An explicit bad seccomp profile is already a baseline finding.
      out += containerRestricted(name, sc, podNonRoot: podNonRoot, podSeccomp: podSeccomp).map { "\(pod.label): \($0)" }.filter { !out.contains($0) }
    }
    return out
  }

  /// The container-level `restricted` checks on one container's security context.
  static func containerRestricted(_ name: String, _ sc: KMap, podNonRoot: Bool, podSeccomp: Bool) -> [String] {
    var out: [String] = []
    if sc["allowPrivilegeEscalation"] != .bool(false) { out.append("container \(name) must set allowPrivilegeEscalation=false") }
    let drop = sc["capabilities"]?["drop"].lists.compactMap(\.string) ?? []
    if !drop.contains("ALL") { out.append("container \(name) must drop ALL capabilities") }
    let added = sc["capabilities"]?["add"].lists.compactMap(\.string) ?? []
    if !added.allSatisfy({ $0 == "NET_BIND_SERVICE" }) { out.append("container \(name) must not add capabilities other than NET_BIND_SERVICE") }
    if sc["runAsNonRoot"] == .bool(false) || (!podNonRoot && sc["runAsNonRoot"] != .bool(true)) {
      out.append("container \(name) must run as non-root (runAsNonRoot=true on the pod or the container)")
    }
    if sc["runAsUser"] == .int(0) { out.append("container \(name) runAsUser=0") }
    let seccomp = sc["seccompProfile"]?["type"]?.string
    if let seccomp, !seccompTypes.contains(seccomp) {
      out.append("container \(name) seccompProfile.type \(seccomp)")
    } else if seccomp == nil && !podSeccomp {
      out.append("container \(name) needs seccompProfile RuntimeDefault or Localhost (on the pod or the container)")
    }
    return out
  }

  /// Problems of a ClusterStorageContainer's container under `restricted`, in the pod `need` describes.
  static func storageInitializerRestricted(_ container: KMap, _ need: StorageNeed) -> [String] {
    containerRestricted("storage-initializer", container["securityContext"]?.map ?? KMap(), podNonRoot: need.podNonRoot, podSeccomp: need.podSeccomp)
      .map { "\(need.label): \($0)" }
  }

  /// Every InferenceService's pods against the level its Namespace enforces (same environment
  /// directory); the storage-initializer against the ClusterStorageContainer it names.
  static func check(_ objects: [CheckedObject]) -> [KueueRules.Violation] {
    var levels: [Substring: [String: String]] = [:]
    var storage: [Substring: [String: KMap]] = [:]
    for object in objects {
      let scope = KueueRules.scopeName(object.path)
      switch object.facts {
      case .namespace(let labels):
        levels[scope, default: [:]][object.identity.name] = labels.first { $0.0 == "pod-security.kubernetes.io/enforce" }?.1 ?? "privileged"
      case .storageContainer(let container):
        storage[scope, default: [:]][object.identity.name] = container
      default: break
      }
    }
    var out: [KueueRules.Violation] = []
    for object in objects {
      guard case .inferenceService(let facts, _) = object.facts else { continue }
      let scope = KueueRules.scopeName(object.path)
      let level = levels[scope]?[object.identity.namespace ?? ""] ?? "privileged"
      var problems: [String]
      switch level {
      case "restricted":
        problems = facts.restricted
        for need in facts.storageInitializers {
          if let named = need.named, let container = storage[scope]?[named] {
            problems += storageInitializerRestricted(container, need)
          } else {
            problems.append(
              "\(need.label): the storage-initializer comes from \(need.named.map { "ClusterStorageContainer '\($0)', which is not rendered" } ?? "KServe's default ClusterStorageContainer, which sets no securityContext")"
            )
          }
        }
      case "baseline": problems = facts.baseline
      default: continue
      }
      for problem in problems { out.append(.init(path: object.path, rule: "pss.\(level): \(problem)")) }
    }
    return out
  }
}

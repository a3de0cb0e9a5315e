import CEL
import Diagnostics
import PlatformModel
import Policy
import SpecAST

/// Would an object-scope policy deny the pods KServe creates for the platform's models? KServe
/// puts images into tenant namespaces that the spec never names: the ServingRuntime's server and the
/// storage-initializer. A registry policy that forgets them passes review and then keeps every model
/// from starting, so each such policy is tried on one pod per runtime, built the way KServe builds it.
enum KServeImageCheck {
  static func warnings(_ policies: [CompiledPolicy], platform: Platform, value: CELValue) -> [Diagnostic] {
    let podPolicies = policies.filter { $0.scope == .object && $0.kinds.contains { $0.kind == "Pod" } }
    guard !podPolicies.isEmpty else { return [] }
    // One pod per runtime, in the namespace of the first tenant (in dev) that serves a model with it.
    var firstUse: [String: (model: Model, namespace: String)] = [:]
    let env = platform.environments.first?.name ?? "dev"
    for model in platform.models {
      guard let serving = model.serving, firstUse[serving.runtime] == nil else { continue }
      firstUse[serving.runtime] = (model, "\(model.tenant)-\(env)")
    }
    var objects: [PolicyObject] = []
    var images: [[String]] = []
    for runtime in firstUse.keys.sorted() {
      guard let use = firstUse[runtime] else { continue }
      var containers: [CELValue] = []
      var used: [String] = []
      if let image = ServingRuntime.named(runtime).image {
        containers.append(["name": "kserve-container", "image": .string(image)])
        used.append("\(image) (runtime \(runtime))")
      }
      let initContainers: [CELValue] = [["name": .string(StorageInitializer.containerName), "image": .string(StorageInitializer.image)]]
      used.append("\(StorageInitializer.image) (storage-initializer)")
      let pod: CELValue = [
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": .string("\(use.model.name)-predictor"), "namespace": .string(use.namespace), "labels": ["component": "predictor"]],
        "spec": ["containers": .list(containers), "initContainers": .list(initContainers)],
      ]
      objects.append(PolicyObject(value: pod))
      images.append(used)
    }
    let report = PolicyEngine(today: PolicyDate(year: 1970, month: 1, day: 1)).evaluate(
      podPolicies, on: PolicyInput(platform: value, objects: objects))
    var out: [Diagnostic] = []
    for policy in podPolicies {
      let denied = report.violations.filter { $0.policy == policy.name }
      guard !denied.isEmpty else { continue }
      let pods = Set(denied.compactMap { $0.object?.name })
      let listed = objects.indices.filter { pods.contains(objects[$0].identity.name) }.flatMap { images[$0] }
      out.append(
        .warning(
          .deniesKServeImages, "policy '\(policy.name)' would deny the pods KServe creates for this platform's models", at: policy.range,
          notes: [
            DiagnosticNote("images KServe puts in tenant namespaces: \(Array(Set(listed)).sorted().joined(separator: ", "))"),
            DiagnosticNote("allow their registries (spec.allowedSources.registries), or run mirrored images through your own ServingRuntime"),
          ]))
    }
    return out
  }
}

extension DiagnosticCode {
  /// An admission policy would keep KServe's own images out of tenant namespaces.
  public static let deniesKServeImages = DiagnosticCode("policy.denies-kserve-images")
}

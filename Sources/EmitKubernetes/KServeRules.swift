import Artifacts

/// The KServe v0.20 admission rules that are decidable offline, transcribed from the
/// InferenceService validating webhook (`pkg/apis/serving/v1beta1/inference_service_validation.go`,
/// `component.go`) and the CRD, plus Pod Security on the pods KServe would build
/// (k8s.io/pod-security-admission `policy/check_*.go`; how KServe builds them: `PodSecurity`).
///
/// Rule ids follow `../shared/k8s/admission_check.py`. Output that breaks one is a compiler bug: the
/// driver reports it as internal. The spec checks reject, with a location, every spec that would.
public enum KServeRules {
  /// The implementations a predictor may carry (`PredictorSpec.GetImplementations`).
  static let implementations = [
    "xgboost", "pytorch", "triton", "sklearn", "tensorflow", "onnx", "pmml", "lightgbm", "paddle", "huggingface", "model",
  ]
  /// The values of `serving.kserve.io/deploymentMode` the webhook accepts: Paved's two (`DeploymentMode`)
  /// and their legacy names.
  enum AnnotatedMode: String, CaseIterable {
    case standard = "Standard"
    case knative = "Knative"
    case rawDeployment = "RawDeployment"
    case serverless = "Serverless"

    /// A Deployment rather than a Knative Service.
    var isStandard: Bool { self == .standard || self == .rawDeployment }
  }

  /// The webhook's rules on one InferenceService (`o`), found at `path`.
  public static func inferenceService(_ o: KValue, _ path: String) -> [KueueRules.Violation] {
    var out: [KueueRules.Violation] = []
    func fail(_ rule: String, _ message: String) { out.append(.init(path: path, rule: "\(rule): \(message)")) }
    let name = o[path: "metadata.name"]?.string ?? ""
    if !isName(name) { fail("kserve.name", "'\(name)' must be lower-case alphanumerics or '-', starting with a letter") }
    let annotation = o[path: "metadata.annotations"]?.map?["serving.kserve.io/deploymentMode"]?.string
    guard let mode = annotation.flatMap(AnnotatedMode.init(rawValue:)) else {
      fail("kserve.deployment-mode", "serving.kserve.io/deploymentMode must be Standard or Knative (absent, KServe's shipped default is Serverless)")
      return out
    }
    let standard = mode.isStandard
    if let autoscaler = o[path: "metadata.annotations"]?.map?["serving.kserve.io/autoscalerClass"]?.string,
      !["hpa", "external", "keda", "none"].contains(autoscaler)
    {
      fail("kserve.autoscaler-class", "[\(autoscaler)] is not a supported autoscaler class (hpa, external, keda, none)")
    }
    let stable = o[path: "spec.predictor"]?.map ?? KMap()
    // validateBlockedEnvVars: PYTHONPATH in any container of the predictor (model and custom containers).
    let containers = [stable["model"]].compactMap { $0 } + stable["containers"].lists + stable["initContainers"].lists
    if containers.contains(where: { c in c["env"].lists.contains { $0["name"]?.string == "PYTHONPATH" } }) {
      fail("kserve.blocked-env", "setting PYTHONPATH in a predictor container is not allowed")
    }
    // validateMultipleStorageURIs: storageUri and storageUris are exclusive.
    if stable["storageUris"] != nil && stable["model"]?["storageUri"] != nil {
      fail("kserve.storage-uris", "predictor: storageUri and storageUris are mutually exclusive")
    }
    if stable["model"]?["name"] != nil {
      fail("kserve.predictor-name-field", "the 'name' field is not allowed in the stable predictor's model")
    }
    for message in componentErrors(stable) { fail(message.0, "predictor: \(message.1)") }
    if let percent = int(stable["canaryTrafficPercent"]) {
      if standard { fail("kserve.canary-deployment-mode", "canaryTrafficPercent is read only in Knative mode; Standard mode uses spec.canary") }
      if !(0...100).contains(percent) { fail("kserve.canary-traffic-percent", "canaryTrafficPercent \(percent) not in 0..100") }
    }
    let canaries = o[path: "spec.canary"].lists
    guard !canaries.isEmpty else { return out }
    if !standard { fail("kserve.canary-deployment-mode", "spec.canary needs deploymentMode Standard, found \(mode.rawValue)") }
    if stable["model"] == nil { fail("kserve.canary-stable-model", "canary requires a stable predictor with a model") }
    var seen: Set<String> = []
    var total = 0
    let stableName = stable["name"]?.string ?? ""
    let stableMin = int(stable["minReplicas"]) ?? 1
    for (i, canary) in canaries.enumerated() {
      let cp = canary["predictor"]?.map ?? KMap()
      let cname = cp["name"]?.string ?? ""
      let label = cname.isEmpty ? "[\(i)]" : "'\(cname)'"
      if cname.isEmpty {
        fail("kserve.canary-predictor-name", "canary[\(i)] predictor.name is required")
      } else if seen.contains(cname) {
        fail("kserve.canary-predictor-name", "canary predictor.name '\(cname)' is duplicated")
      } else if cname == stableName {
        fail("kserve.canary-predictor-name", "canary predictor.name '\(cname)' is the stable predictor's")
      }
      seen.insert(cname)
      let traffic = int(canary["trafficPercent"]) ?? 0
      if !(0...100).contains(traffic) { fail("kserve.canary-traffic-percent", "canary \(label) trafficPercent \(traffic) not in 0..100") }
      total += traffic
      for (rule, message) in componentErrors(cp) {
        fail(rule == "kserve.exactly-one-implementation" ? "kserve.canary-implementation" : rule, "canary \(label) predictor: \(message)")
      }
      if cp["model"] != nil && cp["model"]?["name"]?.string == nil {
        fail("kserve.canary-model-name", "canary \(label) predictor.model.name is required by the v0.20 CRD")
      }
      for key in ["workerSpec", "maxReplicas", "scaleTarget", "scaleMetric", "autoScaling"] {
        guard let value = cp[key] else { continue }
        if key == "maxReplicas", (int(value) ?? 0) <= 0 { continue }
        fail("kserve.canary-fixed-replicas", "canary \(label) must not set \(key) (canaries run fixed replicas)")
      }
      if let min = int(cp["minReplicas"]), min > stableMin {
        fail("kserve.canary-min-replicas", "canary \(label) minReplicas (\(min)) exceeds the stable predictor's (\(stableMin))")
      }
    }
    if total > 100 { fail("kserve.canary-traffic-percent", "canary trafficPercent values sum to \(total) > 100") }
    return out
  }

  /// `validateExactlyOneImplementation` and `ComponentExtensionSpec.Validate` (`component.go`).
  static func componentErrors(_ component: KMap) -> [(String, String)] {
    var out: [(String, String)] = []
    var found = implementations.filter { component[$0] != nil }
    if !component["containers"].lists.isEmpty { found.append("custom") }
    if found.count != 1 {
      out.append(
        (
          "kserve.exactly-one-implementation",
          "exactly one implementation must be set, found \(found.isEmpty ? "none" : found.joined(separator: ", "))"
        ))
    }
    let low = int(component["minReplicas"]) ?? 1
    let high = int(component["maxReplicas"]) ?? 0
    if low < 0 {
      out.append(("kserve.component-extension", "minReplicas cannot be less than 0"))
    } else if high < 0 {
      out.append(("kserve.component-extension", "maxReplicas cannot be less than 0"))
    } else if high != 0 && low > high {
      out.append(("kserve.component-extension", "minReplicas cannot be greater than maxReplicas"))
    }
    if let concurrency = int(component["containerConcurrency"]), concurrency < 0 {
      out.append(("kserve.component-extension", "containerConcurrency cannot be less than 0"))
    }
    return out
  }

  /// `IsvcNameFmt`: `^[a-z]([-a-z0-9]*[a-z0-9])?$`.
  static func isName(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard let first = b.first, let last = b.last, first >= 97 && first <= 122 else { return false }
    return (last >= 97 && last <= 122 || last >= 48 && last <= 57) && b.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
  }

  static func int(_ v: KValue?) -> Int? {
    if case .int(let i)? = v { return i }
    return nil
  }
}

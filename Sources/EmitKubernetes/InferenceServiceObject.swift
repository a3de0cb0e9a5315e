import Artifacts
import PlatformModel

/// A pinned model as a KServe InferenceService in its tenant's namespace.
///
/// Stable version in `spec.predictor`; a canary as `spec.canary[]` (Standard mode, fixed replicas,
/// `model.name: kserve-container` as the v0.20 CRD requires) or as `canaryTrafficPercent` on the
/// predictor (Knative mode, where the predictor carries the candidate and Knative keeps the previous
/// revision for the rest of the traffic). Version, digest and artifact are annotations, so every
/// running model traces back to its artifact.
enum InferenceServiceObject {
  /// KServe `modelFormat.name` for each contract format.
  static let formatNames = ["onnx": "onnx", "safetensors": "huggingface", "gguf": "huggingface", "pytorch": "pytorch", "mlflow": "mlflow"]

  static func make(_ path: @autoclosure () -> String, _ model: Model, _ pin: ModelPin, _ tenant: Tenant, _ c: EmitContext) -> Artifact? {
    guard let serving = model.serving else { return nil }
    if c.pathsOnly { return c.elidedFile(path()) }
    let pool = serving.gpuPool.flatMap { c.platform.pool(named: $0) }
    let knative = serving.deploymentMode == "Knative"
    var labels = c.commonLabels(tenant: tenant.name)
    labels.append(("paved.dev/model", model.name))
    labels.append(("kueue.x-k8s.io/queue-name", "default"))
    var annotations: Labels = [
      ("serving.kserve.io/deploymentMode", serving.deploymentMode),
      ("paved.dev/model-version", pin.version),
      ("paved.dev/model-digest", pin.digest),
      ("paved.dev/artifact", pin.artifact),
    ]
    if let canary = pin.canary {
      annotations += [
        ("paved.dev/canary-version", canary.version), ("paved.dev/canary-digest", canary.digest),
        ("paved.dev/canary-artifact", canary.artifact), ("paved.dev/canary-traffic", String(canary.traffic)),
      ]
    }
    annotations += c.wave(2)

    var predictor = podPlacement(pool, model: model)
    predictor.append("minReplicas", .int(serving.minReplicas))
    predictor.append("maxReplicas", .int(serving.maxReplicas))
    if knative, let canary = pin.canary {
      predictor.append("canaryTrafficPercent", .int(canary.traffic))
      predictor.append("model", modelSpec(serving, pool: pool, storageUri: canary.artifact, named: false))
    } else {
      predictor.append("model", modelSpec(serving, pool: pool, storageUri: pin.artifact, named: false))
    }
    var spec = KMap()
    spec.append("predictor", .map(predictor))
    if !knative, let canary = pin.canary {
      var canaryPredictor = podPlacement(pool, model: model)
      canaryPredictor.append("minReplicas", .int(max(1, serving.minReplicas)))
      canaryPredictor.append("model", modelSpec(serving, pool: pool, storageUri: canary.artifact, named: true))
      spec.append("canary", .list([.object(["predictor": .map(canaryPredictor), "trafficPercent": .int(canary.traffic)])]))
    }
    return c.manifest(
      path(), "serving.kserve.io/v1beta1", "InferenceService", name: model.name, namespace: c.namespace(of: tenant.name),
      labels: labels, annotations: annotations, origin: pin.origin
    ) { b in b.field("spec", .map(spec)) }
  }

  /// Pod labels (Kueue queue), node selector and tolerations of the serving pool.
  static func podPlacement(_ pool: GPUPool?, model: Model) -> KMap {
    var m = KMap()
    m.append("labels", .object(["kueue.x-k8s.io/queue-name": .string("default"), "paved.dev/model": .string(model.name)]))
    if let pool {
      if !pool.nodeLabels.isEmpty {
        m.append("nodeSelector", .map(KMap(pool.nodeLabels.map { (key: $0.key, value: .string($0.value)) })))
      }
      if !pool.taints.isEmpty { m.append("tolerations", .list(pool.taints.map(ClusterObjects.toleration))) }
    }
    return m
  }

  static func modelSpec(_ serving: Serving, pool: GPUPool?, storageUri: String, named: Bool) -> KValue {
    var m = KMap()
    if named { m.append("name", .string("kserve-container")) }
    m.append("modelFormat", .object(["name": .string(formatNames[serving.format] ?? serving.format)]))
    m.append("storageUri", .string(storageUri))
    if let pool, serving.gpus > 0 {
      let gpus = KValue.object([.init(stringLiteral: pool.resource): .string(String(serving.gpus))])
      m.append("resources", .object(["limits": gpus, "requests": gpus]))
    }
    return .map(m)
  }
}

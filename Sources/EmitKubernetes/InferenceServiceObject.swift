import Artifacts
import PlatformModel

/// A pinned model as a KServe v0.20 InferenceService in its tenant's namespace.
///
/// - The stable version is `spec.predictor`. A canary is `spec.canary[]` in Standard mode: named
///   `canary` (the webhook requires a name, different from the stable one), `model.name:
///   kserve-container` (the CRD requires it), and no replica settings, so KServe sizes it from its
///   traffic share. In Knative mode the predictor carries the candidate with `canaryTrafficPercent`
///   and Knative keeps the previous revision for the rest of the traffic.
/// - Pods pass the tenant's Pod Security level (`PodSecurity`); the storage-initializer KServe
///   injects comes from Paved's ClusterStorageContainer (`storageContainerName`), which complies too.
/// - Each replica requests the model's CPU and memory (memory is also the limit) and its GPUs; pods
///   run as the model's ServiceAccount, at the tenant's PriorityClass, outside Kueue.
/// - Version, digest and artifact are annotations, so every running model traces back to its artifact.
enum InferenceServiceObject {
  /// The canary predictor's name.
  static let canaryName = "canary"

  static func make(_ path: String, _ model: Model, _ serving: Serving, _ pin: ModelPin, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    let pool = serving.gpuPool.flatMap { c.platform.pool(named: $0) }
    var labels = c.commonLabels(tenant: tenant.name)
    labels.append(("paved.dev/model", model.name))
    var annotations: Labels = [
      ("serving.kserve.io/deploymentMode", serving.deploymentMode.rawValue),
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

    let uris = [pin.artifact] + (pin.canary.map { [$0.artifact] } ?? [])
    var predictor = KMap()
    predictor.append("labels", .object(["paved.dev/model": .string(model.name)]))
    predictor.append("priorityClassName", .string(Priorities.name(tenant.priority)))
    predictor.append("serviceAccountName", .string(ServingObjects.serviceAccountName(model)))
    predictor.append("securityContext", PodSecurity.pod(tenant.podSecurity))
    if uris.contains(where: ServingObjects.downloads) {
      predictor.append("storageContainerName", .string(ServingObjects.storageContainerName))
    }
    if let pool {
      if !pool.nodeLabels.isEmpty {
        predictor.append("nodeSelector", .map(KMap(pool.nodeLabels.map { (key: $0.key, value: .string($0.value)) })))
      }
      if !pool.taints.isEmpty { predictor.append("tolerations", .list(pool.taints.map(ClusterObjects.toleration))) }
    }
    predictor.append("minReplicas", .int(serving.minReplicas))
    predictor.append("maxReplicas", .int(serving.maxReplicas))
    if serving.knative, let canary = pin.canary {
      predictor.append("canaryTrafficPercent", .int(canary.traffic))
      predictor.append("model", modelSpec(serving, tenant, pool: pool, storageUri: canary.artifact, named: false))
    } else {
      predictor.append("model", modelSpec(serving, tenant, pool: pool, storageUri: pin.artifact, named: false))
    }
    var spec = KMap()
    spec.append("predictor", .map(predictor))
    if !serving.knative, let canary = pin.canary {
      var canaryPredictor = KMap()
      canaryPredictor.append("name", .string(canaryName))
      canaryPredictor.append("model", modelSpec(serving, tenant, pool: pool, storageUri: canary.artifact, named: true))
      spec.append("canary", .list([.object(["predictor": .map(canaryPredictor), "trafficPercent": .int(canary.traffic)])]))
    }
    return c.manifest(
      path, "serving.kserve.io/v1beta1", "InferenceService", name: model.name, namespace: c.namespace(of: tenant.name),
      labels: labels, annotations: annotations, origin: pin.origin
    ) { b in b.field("spec", .map(spec)) }
  }

  /// `predictor.model`: format, runtime, artifact, resources and the container's security context.
  static func modelSpec(_ serving: Serving, _ tenant: Tenant, pool: GPUPool?, storageUri: String, named: Bool) -> KValue {
    var m = KMap()
    if named { m.append("name", .string("kserve-container")) }
    m.append("modelFormat", .object(["name": .string(ServingRuntime.named(serving.runtime).modelFormat(serving.format))]))
    m.append("runtime", .string(serving.runtime))
    m.append("storageUri", .string(storageUri))
    var requests = KMap()
    var limits = KMap()
    requests.append("cpu", .string(serving.resources.cpu.text))
    requests.append("memory", .string(serving.resources.memory.text))
    limits.append("memory", .string(serving.resources.memory.text))
    if let pool, serving.gpus > 0 {
      requests.append(pool.resource, .string(String(serving.gpus)))
      limits.append(pool.resource, .string(String(serving.gpus)))
    }
    m.append("resources", .object(["limits": .map(limits), "requests": .map(requests)]))
    m.append("securityContext", PodSecurity.container(tenant.podSecurity))
    return .map(m)
  }
}

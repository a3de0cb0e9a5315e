import PlatformModel
import SpecAST

extension Lowering {
  static func lowerModel(_ model: ModelSpec) -> Model {
    Model(
      name: model.name?.value ?? "",
      tenant: model.tenant?.value ?? "",
      contract: model.contract.map(lowerContract),
      serving: model.serving.map(lowerServing),
      origin: model.name?.range ?? model.range)
  }

  static func lowerServing(_ s: ServingSpec) -> Serving {
    let format = s.format?.value ?? ""
    var resources = ServingResources.default
    if let r = s.resources, let cpu = r.cpu.flatMap({ Quantity($0.value) }), let memory = r.memory.flatMap({ Quantity($0.value) }) {
      resources = ServingResources(cpu: cpu, memory: memory)
    }
    let identity = ServingIdentity(
      annotations: Dictionary((s.serviceAccount?.annotations ?? []).map { ($0.key.value, $0.value.value) }, uniquingKeysWith: { a, _ in a }),
      storageSecret: s.serviceAccount?.storageSecret?.value)
    return Serving(
      runtime: s.runtime?.value ?? ServingRuntime.defaultName(for: format) ?? "", format: format, gpuPool: s.gpuPool?.value,
      gpus: s.gpus?.value ?? 0, minReplicas: s.minReplicas?.value ?? 1, maxReplicas: s.maxReplicas?.value ?? 1,
      deploymentMode: s.deploymentMode.flatMap { DeploymentMode(rawValue: $0.value) } ?? .standard, resources: resources, identity: identity)
  }

  static func lowerContract(_ c: ContractSpec) -> Contract {
    func tensor(_ t: TensorContractSpec) -> TensorContract {
      TensorContract(
        name: t.name?.value ?? "", dtype: t.dtype?.value ?? "",
        shape: t.shape.map { dim in
          switch dim.value {
          case .fixed(-1): return .any
          case .fixed(let n): return .fixed(n)
          case .symbolic(let s): return .symbolic(s)
          }
        })
    }
    return Contract(
      formats: c.formats.map(\.value), inputs: c.inputs.map(tensor), outputs: c.outputs.map(tensor),
      maxSizeBytes: c.maxSize.flatMap { Quantity($0.value) }.map { $0.milliValue / 1000 },
      requiredMetadata: c.requiredMetadata.map(\.value),
      metrics: c.metrics.compactMap { MetricThreshold.parse(metric: $0.key.value, $0.value.value) },
      signed: c.signed?.value ?? false, pickle: c.pickle?.value ?? "forbidden",
      signers: c.signers.compactMap { s -> Signer? in
        if let key = s.publicKey { return .publicKey(path: key.value) }
        guard let identity = s.identity, let roots = s.roots else { return nil }
        return .certificate(identity: identity.value, issuer: s.issuer?.value, roots: roots.value)
      })
  }
}

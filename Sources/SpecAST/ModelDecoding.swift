import Diagnostics
import SpecSyntax

/// Tensor element types a contract may name (the canonical dtype table).
public let contractDTypes = [
  "bool", "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64",
  "float16", "bfloat16", "float32", "float64", "float8_e4m3", "float8_e5m2", "string",
]

/// Artifact formats a contract may allow.
extension SpecDecoder {
  /// `serving.deploymentMode`'s values (PlatformModel's `DeploymentMode`; a test holds them equal).
  public static let deploymentModes = ["Standard", "Knative"]
  /// `gitops.syncWindows[].kind`'s values (PlatformModel's `GitOps.SyncWindow.Kind`).
  public static let syncWindowKinds = ["allow", "deny"]
}

public let contractFormats = ["onnx", "safetensors", "gguf", "mlflow", "pytorch"]

extension SpecDecoder {
  func model(_ node: LocatedNode, _ path: DataPath) -> ModelSpec? {
    guard let m = mapping(node, path: path, rule: .platform("spec.models[]"), what: "a model") else {
      return nil
    }
    var model = ModelSpec(range: node.range, path: path)
    model.name = m.decode("name", nonEmptyString)
    model.tenant = m.decode("tenant", nonEmptyString)
    model.contract = m.decode("contract", contract)
    model.serving = m.decode("serving", serving)
    return model
  }

  func contract(_ node: LocatedNode, _ path: DataPath) -> ContractSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .platform("spec.models[].contract"),
        what: "a contract")
    else { return nil }
    var contract = ContractSpec(range: node.range, path: path)
    contract.formats = m.decode("formats") { list($0, path: $1) { oneOf($0, path: $1, allowed: contractFormats) } } ?? []
    contract.inputs = m.decode("inputs") { list($0, path: $1, item: tensor) } ?? []
    contract.outputs = m.decode("outputs") { list($0, path: $1, item: tensor) } ?? []
    contract.maxSize = m.decode("maxSize", string)
    contract.requiredMetadata = m.decode("requiredMetadata") { list($0, path: $1, item: nonEmptyString) } ?? []
    contract.metrics = m.decode("metrics") { keyed($0, path: $1, value: string) } ?? []
    if let security = m["security"],
      let s = mapping(security, path: m.path("security"), rule: .platform("spec.models[].contract.security"), what: "security rules")
    {
      contract.signed = s.decode("signed", boolean)
      contract.pickle = s.decode("pickle") { oneOf($0, path: $1, allowed: ["forbidden", "allowlisted"]) }
      contract.signers = s.decode("signers") { list($0, path: $1, item: signer) } ?? []
      contract.securityRange = security.range
      contract.securityPath = m.path("security")
    }
    return contract
  }

  /// `{ publicKey: PATH }` or `{ certificate: { identity, issuer, roots } }`.
  func signer(_ node: LocatedNode, _ path: DataPath) -> SignerSpec? {
    guard let m = mapping(node, path: path, rule: .platform("spec.models[].contract.security.signers[]"), what: "a signer") else { return nil }
    var signer = SignerSpec(range: node.range, path: path)
    signer.publicKey = m.decode("publicKey", nonEmptyString)
    _ = m.decode("certificate") { node, p -> Bool? in
      guard let c = mapping(node, path: p, rule: .platform("spec.models[].contract.security.signers[].certificate"), what: "a certificate signer")
      else { return nil }
      signer.identity = c.decode("identity", nonEmptyString)
      signer.issuer = c.decode("issuer", nonEmptyString)
      signer.roots = c.decode("roots", nonEmptyString)
      return true
    }
    return signer
  }

  func tensor(_ node: LocatedNode, _ path: DataPath) -> TensorContractSpec? {
    guard let m = mapping(node, path: path, rule: .platform("spec.models[].contract.inputs[]"), what: "a tensor") else {
      return nil
    }
    var tensor = TensorContractSpec(range: node.range, path: path)
    tensor.name = m.decode("name", nonEmptyString)
    tensor.dtype = m.decode("dtype") { oneOf($0, path: $1, allowed: contractDTypes) }
    tensor.shape = m.decode("shape") { list($0, path: $1, item: dimension) } ?? []
    return tensor
  }

  func dimension(_ node: LocatedNode, _ path: DataPath) -> Located<DimensionSpec>? {
    if let scalar = node.scalar, scalar.isPlain, PlainScalarKind.classify(scalar.text) == .integer {
      guard let value = Int(scalar.text), value >= -1, value != 0 else {
        report(
          .error(
            .invalidValue, "invalid dimension '\(scalar.text)'", at: node.range, path: path,
            notes: [DiagnosticNote("expected a positive size, -1 for any size, or a symbolic name")]))
        return nil
      }
      return Located(.fixed(value), range: node.range, path: path)
    }
    guard let name = nonEmptyString(node, path: path) else { return nil }
    return Located(.symbolic(name.value), range: node.range, path: path)
  }

  func serving(_ node: LocatedNode, _ path: DataPath) -> ServingSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .platform("spec.models[].serving"), what: "serving settings")
    else { return nil }
    var serving = ServingSpec(range: node.range, path: path)
    serving.runtime = m.decode("runtime", nonEmptyString)
    serving.format = m.decode("format", nonEmptyString)
    serving.gpuPool = m.decode("gpuPool", nonEmptyString)
    serving.gpus = m.decode("gpus", integer)
    serving.deploymentMode = m.decode("deploymentMode") { oneOf($0, path: $1, allowed: SpecDecoder.deploymentModes) }
    if let replicas = m["replicas"],
      let r = mapping(replicas, path: m.path("replicas"), rule: .platform("spec.models[].serving.replicas"), what: "replicas")
    {
      serving.minReplicas = r.decode("min", integer)
      serving.maxReplicas = r.decode("max", integer)
    }
    serving.resources = m.decode("resources") { node, p in
      guard let r = mapping(node, path: p, rule: .platform("spec.models[].serving.resources"), what: "serving resources") else { return nil }
      return ServingResourcesSpec(cpu: r.decode("cpu", string), memory: r.decode("memory", string), range: node.range, path: p)
    }
    serving.serviceAccount = m.decode("serviceAccount") { node, p in
      guard let s = mapping(node, path: p, rule: .platform("spec.models[].serving.serviceAccount"), what: "a service account") else { return nil }
      return ServiceAccountSpec(
        annotations: s.decode("annotations") { keyed($0, path: $1, value: string) } ?? [],
        storageSecret: s.decode("storageSecret", nonEmptyString), range: node.range, path: p)
    }
    return serving
  }
}

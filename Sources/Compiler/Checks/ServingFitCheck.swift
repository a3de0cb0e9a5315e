import Diagnostics
import PlatformModel
import SpecAST

/// Per environment: a served model runs on a pool its tenant has quota in, and the replicas × GPUs
/// of all the tenant's pinned models (canaries included) fit the tenant's nominal + borrowing quota.
/// Diagnostics point at the pin in the environment file.
struct ServingFitCheck: SpecCheck {
  let id = "serving-fit"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    // Indices, not copies: a spec value holds dozens of located strings (copying 10,000 of them
    // into a dictionary cost more than the check itself).
    let spec = input.platform.spec
    var modelIndex: [String: Int] = [:], tenantIndex: [String: Int] = [:]
    modelIndex.reserveCapacity(spec.models.count)
    tenantIndex.reserveCapacity(spec.tenants.count)
    for (i, m) in spec.models.enumerated() { if let name = m.name?.value, modelIndex[name] == nil { modelIndex[name] = i } }
    for (i, t) in spec.tenants.enumerated() { if let name = t.name?.value, tenantIndex[name] == nil { tenantIndex[name] = i } }
    for env in input.orderedEnvironments {
      var demand: [String: (total: Int, parts: [String])] = [:]
      for pin in env.models {
        guard let mi = modelIndex[pin.key.value], let serving = spec.models[mi].serving, let gpus = serving.gpus?.value, gpus > 0,
          let poolName = serving.gpuPool?.value, let tenantName = spec.models[mi].tenant?.value, let ti = tenantIndex[tenantName],
          let maxReplicas = serving.maxReplicas?.value
        else { continue }
        let tenant = spec.tenants[ti]
        let nominal = tenant.quota?.gpus.first { $0.key.value == poolName }?.value.value
        let borrowing = tenant.borrowing.first { $0.key.value == poolName }?.value.value
        guard nominal != nil || borrowing != nil else {
          out.append(.error(.servingPoolMismatch, "model '\(pin.key.value)' is served on GPU pool '\(poolName)', where its tenant '\(tenantName)' has no quota", at: pin.key.range, path: pin.key.path, notes: [DiagnosticNote("give tenant '\(tenantName)' quota or borrowing in '\(poolName)', or serve the model on a pool it has quota in"), DiagnosticNote("the model's serving pool is set here", at: serving.gpuPool?.range)]))
          continue
        }
        let standard = (serving.deploymentMode?.value ?? "Standard") == "Standard"
        var replicas = maxReplicas
        var part = "\(pin.key.value) \(maxReplicas)×\(gpus)"
        if pin.value.canary != nil {
          // Standard canaries run fixed replicas (min, at least 1); Knative canaries scale like the predictor.
          let canaryReplicas = standard ? max(1, serving.minReplicas?.value ?? 1) : maxReplicas
          replicas += canaryReplicas
          part += " + canary \(canaryReplicas)×\(gpus)"
        }
        let key = tenantName + "/" + poolName
        var entry = demand[key] ?? (0, [])
        entry.total += replicas * gpus
        entry.parts.append(part)
        demand[key] = entry
        let limit = (nominal ?? 0) + (borrowing ?? 0)
        if entry.total > limit {
          out.append(.error(.servingGPUFit, "serving needs \(entry.total) GPUs of pool '\(poolName)' in '\(env.name?.value ?? "?")', but tenant '\(tenantName)' may use at most \(limit) (nominal \(nominal ?? 0) + borrowing \(borrowing ?? 0))", at: pin.key.range, path: pin.key.path, notes: [DiagnosticNote("max replicas × GPUs: \(entry.parts.joined(separator: ", "))")]))
        }
      }
    }
    return out
  }
}

extension DiagnosticCode {
  public static let servingPoolMismatch = DiagnosticCode("check.serving-pool-mismatch")
  public static let servingGPUFit = DiagnosticCode("check.serving-gpu-fit")
  public static let canaryTraffic = DiagnosticCode("check.canary-traffic")
  public static let invalidObservability = DiagnosticCode("check.invalid-observability")
}

import Diagnostics
import PlatformModel
import SpecAST

/// Per environment: a served model runs on a pool its tenant has quota in, and the serving pods of
/// all the tenant's pinned models (canaries included, `ServingDemand`) fit the tenant's nominal
/// quota: GPUs per pool, CPU and memory. Serving pods do not go through Kueue, so they cannot
/// borrow; Kueue's ClusterQueue gets what serving leaves. Diagnostics point at the pin.
struct ServingFitCheck: SpecCheck {
  let id = "serving-fit"

  /// One tenant's running total of one resource in one environment.
  private struct Tally {
    var total: Int64 = 0
    var parts: [String] = []
    var reported = false
  }

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    // Indices, not copies: a spec value holds dozens of located strings (copying 10,000 of them
    // into a dictionary cost more than the check itself).
    let spec = input.platform.spec
    var modelIndex: [String: Int] = [:]
    var tenantIndex: [String: Int] = [:]
    modelIndex.reserveCapacity(spec.models.count)
    tenantIndex.reserveCapacity(spec.tenants.count)
    for (i, m) in spec.models.enumerated() { if let name = m.name?.value, modelIndex[name] == nil { modelIndex[name] = i } }
    for (i, t) in spec.tenants.enumerated() { if let name = t.name?.value, tenantIndex[name] == nil { tenantIndex[name] = i } }
    for env in input.orderedEnvironments {
      let envName = env.name?.value ?? "?"
      var tallies: [String: Tally] = [:]  // "<tenant>/<resource>"
      for pin in env.models {
        guard let mi = modelIndex[pin.key.value], let serving = spec.models[mi].serving, let tenantName = spec.models[mi].tenant?.value,
          let ti = tenantIndex[tenantName], let maxReplicas = serving.maxReplicas?.value, maxReplicas >= 0
        else { continue }
        let tenant = spec.tenants[ti]
        // A quota that did not decode is already an error; what it would lack here follows from it.
        guard tenant.quota?.complete ?? false else { continue }
        let gpus = max(0, serving.gpus?.value ?? 0)
        let cpu = serving.resources?.cpu.flatMap { Quantity($0.value) } ?? ServingResources.default.cpu
        let memory = serving.resources?.memory.flatMap { Quantity($0.value) } ?? ServingResources.default.memory
        let demand = ServingDemand(
          maxReplicas: maxReplicas, knative: serving.deploymentMode.flatMap { DeploymentMode(rawValue: $0.value) } == .knative,
          canaryTraffic: pin.value.canary?.traffic?.value,
          gpus: gpus, cpuMilli: cpu.milliValue, memoryMilli: memory.milliValue)
        let replicas = demand.canaryReplicas > 0 ? "\(maxReplicas) + canary \(demand.canaryReplicas)" : "\(maxReplicas)"
        func add(_ resource: String, total: Int64, each: String, limit: Int64, limitText: String, at quota: SourceRange?) {
          let key = tenantName + "/" + resource
          var tally = tallies[key] ?? Tally()
          tally.total += total
          tally.parts.append("\(pin.key.value) (\(replicas)) × \(each)")
          if tally.total > limit && !tally.reported {
            tally.reported = true
            out.append(
              .error(
                resource.hasPrefix("gpu:") ? .servingGPUFit : .servingResourceFit,
                "serving needs \(Self.describe(tally.total, resource)) in '\(envName)', but tenant '\(tenantName)' has \(limitText)",
                at: pin.key.range, path: pin.key.path,
                notes: [
                  DiagnosticNote("replicas × per pod: \(tally.parts.joined(separator: ", "))"),
                  DiagnosticNote(
                    "serving pods do not go through Kueue, so they must fit the nominal quota (borrowing is for queued work)", at: quota),
                ]))
          }
          tallies[key] = tally
        }
        // An undeclared pool is ReferenceCheck's error (with its did-you-mean); nothing follows from it here.
        if let poolName = serving.gpuPool?.value, gpus > 0, input.pool(poolName) != nil {
          let nominal = tenant.quota?.gpus.first { $0.key.value == poolName }?.value
          let borrowing = tenant.borrowing.first { $0.key.value == poolName }?.value.value
          guard nominal != nil || borrowing != nil else {
            out.append(
              .error(
                .servingPoolMismatch, "model '\(pin.key.value)' is served on GPU pool '\(poolName)', where its tenant '\(tenantName)' has no quota",
                at: pin.key.range, path: pin.key.path,
                notes: [
                  DiagnosticNote("give tenant '\(tenantName)' quota in '\(poolName)', or serve the model on a pool it has quota in"),
                  DiagnosticNote("the model's serving pool is set here", at: serving.gpuPool?.range),
                ]))
            continue
          }
          let n = nominal?.value ?? 0
          add(
            "gpu:" + poolName, total: Int64(demand.totalGPUs), each: "\(gpus) GPU", limit: Int64(n),
            limitText: "\(n) nominal GPUs of pool '\(poolName)'", at: nominal?.range)
        }
        if let quota = tenant.quota?.cpu, let q = Quantity(quota.value) {
          add(
            "cpu", total: demand.totalCPUMilli, each: "cpu \(Quantity.fromMilli(demand.cpuMilli, binary: false).text)", limit: q.milliValue,
            limitText: "a CPU quota of \(quota.value)", at: quota.range)
        }
        if let quota = tenant.quota?.memory, let q = Quantity(quota.value) {
          add(
            "memory", total: demand.totalMemoryMilli, each: "memory \(Quantity.fromMilli(demand.memoryMilli, binary: true).text)",
            limit: q.milliValue, limitText: "a memory quota of \(quota.value)", at: quota.range)
        }
      }
    }
    return out
  }

  static func describe(_ total: Int64, _ resource: String) -> String {
    switch resource {
    case "cpu": return "cpu \(Quantity.fromMilli(total, binary: false).text)"
    case "memory": return "memory \(Quantity.fromMilli(total, binary: true).text)"
    default: return "\(total) GPUs of pool '\(resource.dropFirst(4))'"
    }
  }
}

extension DiagnosticCode {
  public static let servingPoolMismatch = DiagnosticCode("check.serving-pool-mismatch")
  public static let servingGPUFit = DiagnosticCode("check.serving-gpu-fit")
  public static let canaryTraffic = DiagnosticCode("check.canary-traffic")
  public static let invalidObservability = DiagnosticCode("check.invalid-observability")
}

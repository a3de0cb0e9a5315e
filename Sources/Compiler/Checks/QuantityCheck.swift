import Diagnostics
import PlatformModel
import SpecAST

/// CPU, memory and size values are valid, positive Kubernetes quantities.
struct QuantityCheck: SpecCheck {
  let id = "quantities"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for tenant in input.platform.spec.tenants {
      guard let quota = tenant.quota else { continue }
      if let cpu = quota.cpu { out += check(cpu, "CPU quota", example: "\"200\" or 500m") }
      if let memory = quota.memory { out += check(memory, "memory quota", example: "800Gi") }
    }
    for model in input.platform.spec.models {
      if let size = model.contract?.maxSize { out += check(size, "maximum size", example: "2Gi") }
      if let r = model.serving?.resources {
        if let cpu = r.cpu { out += check(cpu, "serving CPU", example: "\"4\" or 500m") }
        if let memory = r.memory { out += check(memory, "serving memory", example: "16Gi") }
      }
    }
    return out
  }

  private func check(_ value: Located<String>, _ what: String, example: String) -> [Diagnostic] {
    guard let quantity = Quantity(value.value) else {
      return [
        .error(
          .invalidQuantity, "invalid \(what) '\(value.value)'", at: value.range, path: value.path,
          notes: [DiagnosticNote("expected a Kubernetes quantity such as \(example)")])
      ]
    }
    if quantity.milliValue <= 0 {
      return [.error(.invalidQuantity, "\(what) must be greater than zero, found '\(value.value)'", at: value.range, path: value.path)]
    }
    return []
  }
}

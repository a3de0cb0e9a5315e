import Diagnostics
import PlatformModel
import SpecAST

/// Contract shape: unique tensor names, metric thresholds like ">= 0.85", no repeated metadata keys.
struct ContractCheck: SpecCheck {
  let id = "contracts"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for model in input.platform.spec.models {
      guard let contract = model.contract else { continue }
      for tensors in [contract.inputs, contract.outputs] {
        var seen: Set<String> = []
        for tensor in tensors {
          guard let name = tensor.name, !seen.insert(name.value).inserted else { continue }
          out.append(.error(.duplicateName, "tensor '\(name.value)' is declared twice", at: name.range, path: name.path))
        }
      }
      for metric in contract.metrics where MetricThreshold.parse(metric: metric.key.value, metric.value.value) == nil {
        out.append(
          .error(
            .invalidContract, "invalid threshold '\(metric.value.value)' for metric '\(metric.key.value)'", at: metric.value.range,
            path: metric.value.path, notes: [DiagnosticNote("expected a comparison and a number, such as \">= 0.85\" or \"<= 50\"")]))
      }
      var keys: Set<String> = []
      for key in contract.requiredMetadata where !keys.insert(key.value).inserted {
        out.append(.error(.duplicateName, "metadata key '\(key.value)' is required twice", at: key.range, path: key.path))
      }
      if contract.formats.isEmpty {
        out.append(
          .error(.invalidContract, "a contract must allow at least one format", at: contract.range, path: contract.path.appending("formats")))
      }
    }
    return out
  }
}

import Diagnostics
import SpecAST

/// Serving settings: replica bounds, GPUs need a pool, the served format is one the contract allows.
struct ServingCheck: SpecCheck {
  let id = "serving"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for model in input.platform.spec.models {
      guard let serving = model.serving else { continue }
      if let min = serving.minReplicas, min.value < 0 {
        out.append(.error(.invalidServing, "replicas.min must not be negative, found \(min.value)", at: min.range, path: min.path))
      }
      if let min = serving.minReplicas, let max = serving.maxReplicas {
        if max.value < 1 {
          out.append(.error(.invalidServing, "replicas.max must be at least 1, found \(max.value)", at: max.range, path: max.path))
        } else if min.value > max.value {
          out.append(
            .error(.invalidServing, "replicas.min (\(min.value)) is greater than replicas.max (\(max.value))", at: min.range, path: min.path))
        }
      }
      if let gpus = serving.gpus {
        if gpus.value < 0 {
          out.append(.error(.invalidServing, "gpus must not be negative, found \(gpus.value)", at: gpus.range, path: gpus.path))
        } else if gpus.value > 0 && serving.gpuPool == nil {
          out.append(.error(.invalidServing, "a model that requests GPUs must name its gpuPool", at: gpus.range, path: gpus.path))
        }
      }
      if let format = serving.format, let contract = model.contract, !contract.formats.isEmpty,
        !contract.formats.contains(where: { $0.value == format.value })
      {
        out.append(
          .error(
            .invalidServing, "serving format '\(format.value)' is not among the contract's formats", at: format.range, path: format.path,
            notes: [DiagnosticNote("contract formats: \(contract.formats.map(\.value).joined(separator: ", "))")]))
      }
    }
    return out
  }
}

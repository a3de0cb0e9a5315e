import Diagnostics
import SpecAST

/// GPU pools: resource names, capacity, at most 8 node labels (Kueue's limit), valid labels, taint rules, MIG naming.
struct GPUPoolCheck: SpecCheck {
  let id = "gpu-pools"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for pool in input.platform.spec.gpuPools {
      if let resource = pool.resource,
        !DNS.isQualifiedName(resource.value) || !resource.value.contains("/") || resource.value.hasPrefix("kubernetes.io/")
      {
        out.append(
          .error(
            .invalidPool, "invalid extended resource name '\(resource.value)'", at: resource.range, path: resource.path,
            notes: [DiagnosticNote("expected a vendor-prefixed name such as nvidia.com/gpu or nvidia.com/mig-1g.10gb")]))
      }
      if let capacity = pool.capacity, capacity.value <= 0 {
        out.append(.error(.invalidPool, "pool capacity must be at least 1, found \(capacity.value)", at: capacity.range, path: capacity.path))
      }
      if pool.nodeLabels.count > 8 {
        out.append(
          .error(
            .invalidPool, "a pool may have at most 8 node labels (Kueue ResourceFlavor limit), found \(pool.nodeLabels.count)",
            at: pool.nodeLabels[8].key.range, path: pool.path.appending("nodeLabels")))
      }
      for label in pool.nodeLabels {
        if !DNS.isQualifiedName(label.key.value) {
          out.append(.error(.invalidPool, "invalid node label key '\(label.key.value)'", at: label.key.range, path: label.key.path))
        }
        if !DNS.isLabelValue(label.value.value) {
          out.append(
            .error(
              .invalidPool, "invalid node label value '\(label.value.value)'", at: label.value.range, path: label.value.path,
              notes: [DiagnosticNote("label values are at most 63 letters, digits, '-', '_' and '.'")]))
        }
      }
      for taint in pool.taints {
        if let key = taint.key, !DNS.isQualifiedName(key.value) {
          out.append(.error(.invalidPool, "invalid taint key '\(key.value)'", at: key.range, path: key.path))
        }
        if let value = taint.value, !DNS.isLabelValue(value.value) {
          out.append(.error(.invalidPool, "invalid taint value '\(value.value)'", at: value.range, path: value.path))
        }
      }
      if pool.sharing?.value == "mig", let resource = pool.resource, !resource.value.contains("/mig-") {
        out.append(
          .error(
            .invalidPool, "a MIG pool must expose a MIG resource such as nvidia.com/mig-1g.10gb, found '\(resource.value)'", at: resource.range,
            path: resource.path, notes: [DiagnosticNote("with the 'single' MIG strategy use sharing: exclusive")]))
      }
    }
    return out
  }
}

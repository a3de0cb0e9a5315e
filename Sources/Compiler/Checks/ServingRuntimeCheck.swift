import Diagnostics
import PlatformModel
import SpecAST

/// Which KServe runtime serves each model, and replica bounds KServe can honour:
/// - no `runtime` and no shipped runtime for the format (GGUF) is an error, as is a shipped runtime
///   that does not serve the format, or the pre-v1alpha1 value `kserve`;
/// - `replicas.min: 0` only in Knative mode: in Standard mode KServe silently runs one replica, and
///   its webhook rejects a canary next to a stable predictor with `minReplicas: 0`;
/// - a missing `serving.resources` gets the documented default and a warning.
struct ServingRuntimeCheck: SpecCheck {
  let id = "serving-runtime"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var canaried: [String: Located<String>] = [:]  // model → the first canary's version, for min: 0
    for env in input.orderedEnvironments {
      for pin in env.models where canaried[pin.key.value] == nil {
        if let version = pin.value.canary?.version { canaried[pin.key.value] = version }
      }
    }
    for model in input.platform.spec.models {
      guard let serving = model.serving, let name = model.name else { continue }
      if let format = serving.format { out += runtimeProblems(serving.runtime, format: format) }
      if DNS.isLabel(name.value), let first = name.value.utf8.first, !(first >= 97 && first <= 122) {
        out.append(
          .error(
            .invalidName, "model '\(name.value)' is served by KServe, whose InferenceService names must start with a letter", at: name.range,
            path: name.path,
            notes: [DiagnosticNote("KServe's webhook requires ^[a-z]([-a-z0-9]*[a-z0-9])?$")]))
      }
      if let account = serving.serviceAccount {
        for annotation in account.annotations where !DNS.isQualifiedName(annotation.key.value) {
          out.append(
            .error(
              .invalidServing, "'\(annotation.key.value)' is not a valid annotation key", at: annotation.key.range, path: annotation.key.path,
              notes: [DiagnosticNote("expected an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'")]))
        }
        if let secret = account.storageSecret, !DNS.isSubdomain(secret.value) {
          out.append(
            .error(
              .invalidName, "invalid Secret name '\(secret.value)'", at: secret.range, path: secret.path,
              notes: [DiagnosticNote("expected lower-case letters, digits, '-' and '.'")]))
        }
      }
      let knative = serving.deploymentMode.flatMap { DeploymentMode(rawValue: $0.value) } == .knative
      if let min = serving.minReplicas, min.value == 0, !knative {
        if let canary = canaried[name.value] {
          out.append(
            .error(
              .servingMinReplicas,
              "model '\(name.value)' has a canary but replicas.min is 0: KServe rejects a canary next to a stable predictor that may scale to zero",
              at: min.range, path: min.path,
              notes: [DiagnosticNote("set replicas.min to 1 or more"), DiagnosticNote("the canary is pinned here", at: canary.range)]))
        } else {
          out.append(
            .error(
              .servingMinReplicas, "replicas.min is 0, but Standard mode cannot scale to zero: KServe would silently run 1 replica",
              at: min.range, path: min.path,
              notes: [DiagnosticNote("set replicas.min to 1, or serve with deploymentMode: Knative to scale to zero")]))
        }
      }
      if serving.resources == nil {
        let d = ServingResources.default
        out.append(
          .warning(
            .servingResourcesDefault,
            "model '\(name.value)' sets no serving.resources; each replica requests cpu \(d.cpu.text) and memory \(d.memory.text)",
            at: serving.range, path: serving.path,
            notes: [DiagnosticNote("set serving.resources { cpu, memory } to what one replica needs: memory is also its limit")]))
      }
    }
    return out
  }

  private func runtimeProblems(_ runtime: Located<String>?, format: Located<String>) -> [Diagnostic] {
    let shipped = ServingRuntime.builtIn.keys.sorted()
    guard let runtime else {
      guard ServingRuntime.defaultName(for: format.value) == nil else { return [] }
      return [
        .error(
          .servingRuntime, "no KServe runtime serves '\(format.value)' by default: name one in serving.runtime", at: format.range, path: format.path,
          notes: [
            DiagnosticNote(
              "serving.runtime names a ServingRuntime or ClusterServingRuntime installed in the cluster (e.g. a llama.cpp runtime for GGUF)")
          ])
      ]
    }
    if runtime.value == "kserve" {
      let fallback =
        ServingRuntime.defaultName(for: format.value).map { "omit it to use \($0) for \(format.value)" }
        ?? "name the runtime that serves \(format.value)"
      return [
        .error(
          .servingRuntime, "serving.runtime names a ServingRuntime now; 'kserve' is not one", at: runtime.range, path: runtime.path,
          notes: [DiagnosticNote(fallback), DiagnosticNote("runtimes KServe v0.20 ships: \(shipped.joined(separator: ", "))")])
      ]
    }
    if !DNS.isLabel(runtime.value) {
      return [
        .error(
          .servingRuntime, "invalid runtime name '\(runtime.value)'", at: runtime.range, path: runtime.path,
          notes: [DiagnosticNote("expected a Kubernetes object name: lower-case letters, digits and '-'")])
      ]
    }
    if let known = ServingRuntime.builtIn[runtime.value], known.formats[format.value] == nil {
      var notes = [DiagnosticNote("\(runtime.value) serves: \(known.formats.keys.sorted().joined(separator: ", "))")]
      if let fit = ServingRuntime.defaultName(for: format.value) { notes.append(DiagnosticNote("did you mean '\(fit)'?")) }
      return [
        .error(.servingRuntime, "runtime '\(runtime.value)' does not serve '\(format.value)'", at: runtime.range, path: runtime.path, notes: notes)
      ]
    }
    if ServingRuntime.builtIn[runtime.value] == nil, runtime.value.hasPrefix("kserve-"),
      let s = Suggestion.didYouMean(runtime.value, in: shipped)
    {
      return [.error(.servingRuntime, "unknown KServe runtime '\(runtime.value)'", at: runtime.range, path: runtime.path, notes: [DiagnosticNote(s)])]
    }
    return []
  }
}

extension DiagnosticCode {
  public static let servingRuntime = DiagnosticCode("check.serving-runtime")
  public static let servingMinReplicas = DiagnosticCode("check.serving-min-replicas")
  public static let servingResourcesDefault = DiagnosticCode("check.serving-resources-default")
  public static let servingResourceFit = DiagnosticCode("check.serving-resource-fit")
}

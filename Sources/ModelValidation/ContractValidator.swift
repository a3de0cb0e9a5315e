import Diagnostics
import ModelArtifacts
import ModelSigning
import PlatformModel

/// What one validation run checks: a model's contract against an artifact's description.
public struct ValidationInput: Sendable {
  /// The model (from the compiled platform) whose contract applies.
  public var model: Model
  /// The candidate artifact.
  public var description: ModelDescription
  /// The signature verification result, when a bundle was given.
  public var signature: VerificationResult?
  /// The environment named with `--env`, and its pin of this model (nil when not pinned there).
  public var environment: String?
  public var pin: ModelPin?
  /// The artifact currently pinned (`--baseline`), for the compatibility check.
  public var baseline: ModelDescription?

  /// Creates an input.
  public init(
    model: Model, description: ModelDescription, signature: VerificationResult? = nil, environment: String? = nil,
    pin: ModelPin? = nil, baseline: ModelDescription? = nil
  ) {
    self.model = model
    self.description = description
    self.signature = signature
    self.environment = environment
    self.pin = pin
    self.baseline = baseline
  }
}

/// Checks an artifact against its model's contract. Pure: every outcome is a `CheckResult` plus
/// located `model.*` diagnostics (at the model's declaration in platform.yaml).
public enum ContractValidator {
  /// Runs every check in a fixed order.
  public static func validate(_ input: ValidationInput) -> (checks: [CheckResult], diagnostics: [Diagnostic]) {
    var run = CheckRun(at: input.model.origin)
    let d = input.description
    run.artifactIssues(d)
    if let contract = input.model.contract {
      run.format(contract, d)
      run.tensors(contract, d)
      run.size(contract, d)
      run.metadata(contract, d)
      run.metrics(contract, d)
      run.pickle(contract, d)
      run.signature(contract, input.signature)
    } else {
      run.diagnostics.append(
        .warning(.contractMissing, "model '\(input.model.name)' declares no contract; only security and digest checks run", at: input.model.origin))
      run.pickle(nil, d)
      run.signature(nil, input.signature)
    }
    run.digest(input)
    if let baseline = input.baseline {
      run.compatibility(candidate: d, baseline: baseline)
    } else {
      run.checks.append(CheckResult(id: "compatibility", status: .skip, detail: "no baseline artifact given (--baseline)"))
    }
    return (run.checks, run.diagnostics)
  }
}

/// Accumulates the results of one validation run.
struct CheckRun {
  let at: SourceRange
  var checks: [CheckResult] = []
  var diagnostics: [Diagnostic] = []

  init(at: SourceRange) { self.at = at }

  mutating func error(_ code: DiagnosticCode, _ summary: String, notes: [String] = []) {
    diagnostics.append(.error(code, summary, at: at, notes: notes.map { DiagnosticNote($0) }))
  }

  /// Records a check: failed when `errorsBefore` grew.
  mutating func record(_ id: String, since errorsBefore: Int, pass: String, fail: String? = nil) {
    let failed = diagnostics.count > errorsBefore && diagnostics[errorsBefore...].contains { $0.severity == .error }
    checks.append(CheckResult(id: id, status: failed ? .fail : .pass, detail: failed ? (fail ?? pass) : pass))
  }

  mutating func artifactIssues(_ d: ModelDescription) {
    let before = diagnostics.count
    diagnostics.append(contentsOf: d.facts.issues)
    record("artifact", since: before, pass: "\(d.facts.files.count) file(s) read", fail: "\(d.facts.issues.count) problem(s) reading the artifact")
  }

  /// An artifact is allowed when it is an MLflow model and the contract allows `mlflow`, or when
  /// every weight file it holds is of an allowed format (a raw pickle never is).
  mutating func format(_ contract: Contract, _ d: ModelDescription) {
    let before = diagnostics.count
    let allowed = contract.formats.joined(separator: ", ")
    let weights = d.formats.filter { $0 != "mlflow" && $0 != "numpy" }
    let mlflowOK = d.formats.contains("mlflow") && contract.formats.contains("mlflow")
    if !mlflowOK {
      if weights.isEmpty {
        error(.formatNotAllowed, "no model file of a known format (onnx, safetensors, gguf, pytorch) in the artifact", notes: ["allowed: \(allowed)"])
      }
      for format in weights where !contract.formats.contains(format) {
        error(.formatNotAllowed, "format \(format) is not allowed by the contract", notes: ["allowed: \(allowed)"])
      }
    }
    let found = d.formats.isEmpty ? "none" : d.formats.joined(separator: ", ")
    record("format", since: before, pass: "\(found) (allowed: \(allowed))")
  }

  mutating func size(_ contract: Contract, _ d: ModelDescription) {
    guard let limit = contract.maxSizeBytes else {
      checks.append(CheckResult(id: "size", status: .skip, detail: "\(d.totalSize) bytes; no maxSize"))
      return
    }
    let before = diagnostics.count
    if limit < 0 || d.totalSize > UInt64(limit) {
      error(.sizeExceeded, "artifact is \(d.totalSize) bytes, over the contract's maxSize of \(limit) bytes")
    }
    record("size", since: before, pass: "\(d.totalSize) ≤ \(limit) bytes", fail: "\(d.totalSize) > \(limit) bytes")
  }

  mutating func metadata(_ contract: Contract, _ d: ModelDescription) {
    let before = diagnostics.count
    var found: [String] = []
    for key in contract.requiredMetadata {
      if let (match, value) = d.metadataValue(key) {
        found.append("\(key) from \(value.source)" + (match == key ? "" : " as \(match)"))
      } else {
        var notes = ["looked in: MLmodel metadata, ONNX metadata_props, safetensors __metadata__, GGUF general.*, model card front matter"]
        if let s = Suggestion.didYouMean(key, in: Array(d.metadata.keys)) { notes.insert(s, at: 0) }
        error(.metadataMissing, "required metadata '\(key)' is not in the artifact", notes: notes)
      }
    }
    if contract.requiredMetadata.isEmpty {
      checks.append(CheckResult(id: "metadata", status: .skip, detail: "no required metadata"))
      return
    }
    record(
      "metadata", since: before, pass: "\(found.count)/\(contract.requiredMetadata.count) present",
      fail: "\(found.count)/\(contract.requiredMetadata.count) present")
  }

  mutating func metrics(_ contract: Contract, _ d: ModelDescription) {
    guard !contract.metrics.isEmpty else {
      checks.append(CheckResult(id: "metrics", status: .skip, detail: "no metric thresholds"))
      return
    }
    let before = diagnostics.count
    var met = 0
    for threshold in contract.metrics {
      guard let metric = d.metrics[threshold.metric] else {
        var notes = ["metrics are read from metrics.json and the model card's model-index"]
        if let s = Suggestion.didYouMean(threshold.metric, in: Array(d.metrics.keys)) { notes.insert(s, at: 0) }
        error(.metricMissing, "metric '\(threshold.metric)' is not reported by the artifact", notes: notes)
        continue
      }
      if Self.holds(threshold, metric.value) {
        met += 1
      } else {
        error(
          .metricNotMet, "metric '\(threshold.metric)' is \(metric.value), the contract requires \(threshold.comparison.rawValue) \(threshold.bound)",
          notes: ["from \(metric.source)"])
      }
    }
    record("metrics", since: before, pass: "\(met)/\(contract.metrics.count) thresholds met", fail: "\(met)/\(contract.metrics.count) thresholds met")
  }

  static func holds(_ threshold: MetricThreshold, _ value: Double) -> Bool {
    switch threshold.comparison {
    case .greaterOrEqual: value >= threshold.bound
    case .lessOrEqual: value <= threshold.bound
    case .greater: value > threshold.bound
    case .less: value < threshold.bound
    case .equal: value == threshold.bound
    }
  }
}

extension DiagnosticCode {
  public static let contractMissing = DiagnosticCode("model.contract.missing")
  public static let formatNotAllowed = DiagnosticCode("model.contract.format")
  public static let sizeExceeded = DiagnosticCode("model.contract.size")
  public static let metadataMissing = DiagnosticCode("model.contract.metadata-missing")
  public static let metricMissing = DiagnosticCode("model.contract.metric-missing")
  public static let metricNotMet = DiagnosticCode("model.contract.metric-threshold")
}

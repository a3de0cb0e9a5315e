import Diagnostics
import ModelArtifacts
import PlatformModel

extension CheckRun {
  /// Inputs and outputs against the contract: names, dtypes, rank and fixed dimensions.
  mutating func tensors(_ contract: Contract, _ d: ModelDescription) {
    if contract.inputs.isEmpty && contract.outputs.isEmpty {
      checks.append(CheckResult(id: "inputs", status: .skip, detail: "the contract declares no inputs"))
      checks.append(CheckResult(id: "outputs", status: .skip, detail: "the contract declares no outputs"))
      return
    }
    guard d.signatureSource != nil else {
      let before = diagnostics.count
      error(
        .signatureMissing, "the artifact declares no inputs or outputs, so the contract's signature cannot be checked",
        notes: [
          "ONNX graphs carry their signature; for safetensors, GGUF or pickle weights add an MLflow MLmodel with a signature to the model directory"
        ])
      record("inputs", since: before, pass: "", fail: "no signature in the artifact")
      checks.append(CheckResult(id: "outputs", status: .fail, detail: "no signature in the artifact"))
      return
    }
    var bindings: [String: Int] = [:]
    side("inputs", expected: contract.inputs, actual: d.inputs, optional: d.optionalInputs, bindings: &bindings, d)
    side("outputs", expected: contract.outputs, actual: d.outputs, optional: [], bindings: &bindings, d)
  }

  private mutating func side(
    _ id: String, expected: [TensorContract], actual: [TensorSpec], optional: Set<String>, bindings: inout [String: Int],
    _ d: ModelDescription
  ) {
    let before = diagnostics.count
    let isInput = id == "inputs"
    let noun = isInput ? "input" : "output"
    let source = d.signatureSource ?? "artifact"
    let byName = Dictionary(actual.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for want in expected {
      guard let have = byName[want.name] else {
        var notes = ["the artifact's \(id) (from \(source)): \(actual.map(\.name).joined(separator: ", "))"]
        if let s = Suggestion.didYouMean(want.name, in: actual.map(\.name)) { notes.insert(s, at: 0) }
        error(isInput ? .inputMissing : .outputMissing, "\(noun) '\(want.name)' of the contract is not in the artifact", notes: notes)
        continue
      }
      if !TensorMatching.accepted(want.dtype).contains(have.dtype) {
        error(isInput ? .inputDType : .outputDType, "\(noun) '\(want.name)' is \(have.dtype), the contract requires \(want.dtype)")
      }
      for problem in TensorMatching.shapeProblems(expected: want.shape, actual: have.shape, isInput: isInput, bindings: &bindings) {
        error(
          isInput ? .inputShape : .outputShape, "\(noun) '\(want.name)': \(problem)",
          notes: ["contract shape \(TensorMatching.describe(want.shape)), artifact shape \(TensorMatching.describe(have.shape))"])
      }
    }
    let declared = Set(expected.map(\.name))
    if isInput {
      for extra in actual where !declared.contains(extra.name) && !optional.contains(extra.name) {
        error(
          .inputUnexpected, "the artifact requires input '\(extra.name)', which the contract does not declare",
          notes: ["callers that follow the contract cannot provide it; add it to the contract or make it optional"])
      }
    }
    record(id, since: before, pass: "\(expected.count) \(id) match (\(source))", fail: "mismatch with the contract (\(source))")
  }
}

extension DiagnosticCode {
  public static let signatureMissing = DiagnosticCode("model.contract.no-signature")
  public static let inputMissing = DiagnosticCode("model.contract.input-missing")
  public static let inputUnexpected = DiagnosticCode("model.contract.input-unexpected")
  public static let inputDType = DiagnosticCode("model.contract.input-dtype")
  public static let inputShape = DiagnosticCode("model.contract.input-shape")
  public static let outputMissing = DiagnosticCode("model.contract.output-missing")
  public static let outputDType = DiagnosticCode("model.contract.output-dtype")
  public static let outputShape = DiagnosticCode("model.contract.output-shape")
}

import Diagnostics
import ModelArtifacts

/// Promotion compatibility: may `candidate` replace `baseline` (the version pinned now) without
/// breaking callers? Breaking: a removed (or renamed) output, an output dtype change, a new
/// required input, a narrowed input dtype, a rank change or a tightened dimension.
public enum Compatibility {
  /// Input dtypes each dtype may widen to (MLflow's int→long, float→double, int→double and the
  /// obvious lossless integer/float widenings).
  static let widenings: [DType: Set<DType>] = [
    .i8: [.i16, .i32, .i64, .f32, .f64], .i16: [.i32, .i64, .f32, .f64], .i32: [.i64, .f64],
    .u8: [.u16, .u32, .u64, .i16, .i32, .i64, .f32, .f64], .u16: [.u32, .u64, .i32, .i64, .f32, .f64],
    .u32: [.u64, .i64, .f64], .f16: [.f32, .f64], .bf16: [.f32, .f64], .f32: [.f64],
  ]

  /// True when a caller sending `old` can send it unchanged to a model accepting `new`.
  public static func widens(from old: DType, to new: DType) -> Bool {
    old == new || (widenings[old]?.contains(new) ?? false)
  }

  /// Problems when `new` replaces `old` (same tensor): rank change, or a dimension that was
  /// variable (or another size) becoming fixed.
  static func tightened(old: [Dim]?, new: [Dim]?) -> [String] {
    guard let new else { return [] }
    guard let old else { return ["rank became fixed (\(new.count))"] }
    guard old.count == new.count else { return ["rank changed from \(old.count) to \(new.count)"] }
    var problems: [String] = []
    for (index, (was, now)) in zip(old, new).enumerated() {
      switch (was, now) {
      case (.fixed(let a), .fixed(let b)) where a != b: problems.append("dimension \(index) changed from \(a) to \(b)")
      case (.unknown, .fixed(let b)), (.symbolic, .fixed(let b)): problems.append("dimension \(index) tightened from \(was) to \(b)")
      default: continue
      }
    }
    return problems
  }
}

extension CheckRun {
  mutating func compatibility(candidate: ModelDescription, baseline: ModelDescription) {
    let before = diagnostics.count
    let oldInputs = Dictionary(baseline.inputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let oldOutputs = Dictionary(baseline.outputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let newOutputs = Dictionary(candidate.outputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for old in baseline.outputs {
      guard let new = newOutputs[old.name] else {
        var notes = ["callers reading '\(old.name)' break"]
        let added = candidate.outputs.map(\.name).filter { oldOutputs[$0] == nil }
        if let s = Suggestion.didYouMean(old.name, in: added) { notes.insert("renamed? \(s)", at: 0) }
        error(.compatOutputRemoved, "output '\(old.name)' of the pinned version is gone", notes: notes)
        continue
      }
      if new.dtype != old.dtype {
        error(.compatOutputDType, "output '\(old.name)' changed dtype from \(old.dtype) to \(new.dtype)")
      }
      for problem in Compatibility.tightened(old: old.shape, new: new.shape) {
        error(.compatShape, "output '\(old.name)': \(problem)")
      }
    }
    for new in candidate.inputs {
      guard let old = oldInputs[new.name] else {
        if !candidate.optionalInputs.contains(new.name) {
          error(.compatInputAdded, "new required input '\(new.name)': callers of the pinned version do not send it")
        }
        continue
      }
      if !Compatibility.widens(from: old.dtype, to: new.dtype) {
        error(.compatInputDType, "input '\(new.name)' narrowed from \(old.dtype) to \(new.dtype)")
      }
      if old.shape != new.shape {
        for problem in Compatibility.tightened(old: old.shape, new: new.shape) {
          error(.compatShape, "input '\(new.name)': \(problem)")
        }
      }
    }
    let breaking = diagnostics.count - before
    record(
      "compatibility", since: before, pass: "compatible with the pinned version", fail: "\(breaking) breaking change(s) against the pinned version")
  }
}

extension DiagnosticCode {
  public static let compatOutputRemoved = DiagnosticCode("model.compat.output-removed")
  public static let compatOutputDType = DiagnosticCode("model.compat.output-dtype")
  public static let compatInputAdded = DiagnosticCode("model.compat.input-added")
  public static let compatInputDType = DiagnosticCode("model.compat.input-dtype")
  public static let compatShape = DiagnosticCode("model.compat.shape")
}

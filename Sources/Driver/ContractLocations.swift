import Compiler
import Diagnostics
import ModelValidation
import SpecAST

/// Points a model validation finding at the spec that asked for it: a contract finding at the
/// contract's key (the metric's threshold, the required metadata entry, the tensor, `formats`,
/// `maxSize`, `security.signed`/`signers`, `pickle`), a digest mismatch at the pin in the
/// environment file. Findings about the artifact alone (unreadable files, compatibility with the
/// baseline) keep the position they had (the model, at most).
enum ContractLocations {
  static func locate(_ diagnostics: [Diagnostic], input: CheckInput, model: String, environment: String?) -> [Diagnostic] {
    let contract = input.platform.spec.models.first { $0.name?.value == model }?.contract
    let pin = environment.flatMap { input.environments[$0] }?.models.first { $0.key.value == model }
    return diagnostics.map { d in
      var d = d
      let name = quoted(d.summary)
      var at: (SourceRange, DataPath)?
      switch d.code.rawValue {
      case "model.digest.mismatch", "model.digest.not-pinned":
        if let digest = pin?.value.digest { at = (digest.range, digest.path) } else if let key = pin?.key { at = (key.range, key.path) }
      case "model.contract.format":
        if let c = contract { at = (c.formats.first?.range ?? c.range, c.path.appending("formats")) }
      case "model.contract.size":
        if let s = contract?.maxSize { at = (s.range, s.path) }
      case "model.contract.metadata-missing":
        if let key = contract?.requiredMetadata.first(where: { $0.value == name }) { at = (key.range, key.path) }
      case "model.contract.metric-missing", "model.contract.metric-threshold":
        if let metric = contract?.metrics.first(where: { $0.key.value == name }) { at = (metric.value.range, metric.value.path) }
      case "model.contract.input-missing", "model.contract.input-dtype", "model.contract.input-shape":
        if let t = contract?.inputs.first(where: { $0.name?.value == name }) { at = (t.range, t.path) }
      case "model.contract.output-missing", "model.contract.output-dtype", "model.contract.output-shape":
        if let t = contract?.outputs.first(where: { $0.name?.value == name }) { at = (t.range, t.path) }
      case "model.security.unsigned":
        if let signed = contract?.signed { at = (signed.range, signed.path) }
      case "model.security.signature-invalid":
        if let signer = contract?.signers.first {
          at = (signer.range, signer.path)
        } else if let signed = contract?.signed {
          at = (signed.range, signed.path)
        }
      case "model.security.pickle-forbidden":
        if let pickle = contract?.pickle { at = (pickle.range, pickle.path) }
      default:
        break
      }
      if let (range, path) = at {
        d.range = range
        d.path = path
      }
      return d
    }
  }

  /// The first `'…'` in a message.
  static func quoted(_ text: String) -> String? {
    guard let open = text.firstIndex(of: "'") else { return nil }
    let rest = text[text.index(after: open)...]
    guard let close = rest.firstIndex(of: "'") else { return nil }
    return String(rest[..<close])
  }
}

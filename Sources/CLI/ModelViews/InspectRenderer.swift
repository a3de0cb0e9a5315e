import JSONWriting
import ModelArtifacts
import ModelSigning
import ModelValidation

/// Renders `paved model inspect`: what the artifact is.
public enum InspectRenderer {
  /// Human-readable summary.
  public static func text(_ d: ModelDescription, signature: VerificationResult?) -> String {
    // First, what an environment file pins: the file's SHA-256 for one file, the model-signing root
    // digest for a directory (what `paved model validate --env` compares with the pin).
    var out =
      d.pinDigest.map {
        "digest to pin: \($0)  (\(d.isSingleFile ? "file SHA-256" : "model-signing root digest"); environments/<env>.yaml: models.<name>.digest)\n"
      }
      ?? "digest to pin: not computed (run without --no-digests)\n"
    out +=
      "\(d.path): \(d.formats.isEmpty ? d.facts.format.rawValue : d.formats.joined(separator: ", ")), \(d.totalSize) bytes, \(d.facts.files.count) file(s)\n"
    if let root = d.facts.rootDigest { out += "root digest (model-signing): sha256:\(root)\n" }
    if d.isSingleFile, let file = d.facts.files.first, !file.sha256.isEmpty { out += "file sha256: sha256:\(file.sha256)\n" }
    if let s = signature {
      out +=
        "signature: "
        + (s.verified
          ? "verified (\(s.mode) mode, signer \(s.signer ?? "?"))"
          : "NOT verified: " + s.failures.map { "\($0.code): \($0.summary)" + ($0.file.map { " (\($0))" } ?? "") }.joined(separator: "; ")) + "\n"
    }
    if !d.inputs.isEmpty || !d.outputs.isEmpty {
      out += "signature (\(d.signatureSource ?? "artifact")):\n"
      for t in d.inputs { out += "  in  \(t)" + (d.optionalInputs.contains(t.name) ? " (optional)" : "") + "\n" }
      for t in d.outputs { out += "  out \(t)\n" }
    }
    if !d.facts.tensors.isEmpty {
      out += "tensors: \(d.facts.tensors.count)\n"
      for t in d.facts.tensors.prefix(20) { out += "  \(t)\n" }
      if d.facts.tensors.count > 20 { out += "  … \(d.facts.tensors.count - 20) more\n" }
    }
    for table in SourcedRows.tables(d) where !table.rows.isEmpty {
      out += "\(table.heading):\n"
      for row in table.rows { out += "  \(row.key) = \(row.value.prefix(120))  [\(row.source.reader): \(row.source)]\n" }
    }
    out += "files:\n"
    for file in d.facts.files { out += "  \(file.path)  \(file.size) bytes" + (file.sha256.isEmpty ? "" : "  sha256:\(file.sha256)") + "\n" }
    if d.pickleFiles.isEmpty && d.facts.pickleFindings.isEmpty {
      out += "pickles: none\n"
    } else {
      out += "pickles: \(d.pickleFiles.joined(separator: ", "))\n"
      for finding in d.facts.pickleFindings { out += "  UNSAFE \(finding)\n" }
      if d.facts.pickleFindings.isEmpty { out += "  every global is allowlisted\n" }
    }
    for issue in d.facts.issues { out += "issue: \(issue)\n" }
    return out
  }

  /// JSON with `formatVersion`.
  public static func json(_ d: ModelDescription, signature: VerificationResult?) -> String {
    var object = JSONOutput.description(d)
    if let signature { object["signature"] = .object(JSONOutput.signature(signature)) }
    return JSONOutput.render(object)
  }

  /// `paved model verify` as JSON.
  public static func verificationJSON(_ s: VerificationResult, model: String) -> String {
    var object = JSONOutput.signature(s)
    object["model"] = .string(model)
    return JSONOutput.render(object)
  }
}

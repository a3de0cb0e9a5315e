import Diagnostics
import ModelArtifacts
import ModelSigning
import PlatformModel

extension CheckRun {
  /// `pickle: forbidden` rejects any pickle; an unsafe pickle finding is always rejected.
  mutating func pickle(_ contract: Contract?, _ d: ModelDescription) {
    let before = diagnostics.count
    for finding in d.facts.pickleFindings {
      error(
        .unsafePickle, "unsafe pickle content in \(finding.file): \(finding.global ?? finding.opcode) (\(finding.reason))",
        notes: ["loading this file can run arbitrary code; only allowlisted globals (tensor rebuild, OrderedDict, numpy dtype/ndarray) are accepted"])
    }
    if contract?.pickle == "forbidden" {
      for file in d.pickleFiles {
        error(.pickleForbidden, "\(file) is a pickle, and the contract forbids pickles", notes: ["convert the weights to safetensors or ONNX"])
      }
    }
    let policy = contract?.pickle ?? "allowlisted"
    record(
      "pickle", since: before, pass: d.pickleFiles.isEmpty ? "no pickle (\(policy))" : "\(d.pickleFiles.count) allowlisted pickle(s) (\(policy))",
      fail: "\(d.pickleFiles.count) pickle file(s), \(d.facts.pickleFindings.count) unsafe finding(s) (\(policy))")
  }

  /// `signed: true` requires a verified signature; a given signature must verify either way.
  mutating func signature(_ contract: Contract?, _ result: VerificationResult?) {
    let before = diagnostics.count
    let required = contract?.signed ?? false
    guard let result else {
      if required {
        error(
          .unsigned, "the contract requires a signature; none was given",
          notes: ["pass --signature BUNDLE with --public-key PEM or --trust-anchor PEM"])
        record("signature", since: before, pass: "", fail: "required, not given")
      } else {
        checks.append(CheckResult(id: "signature", status: .skip, detail: "not required, not given"))
      }
      return
    }
    for failure in result.failures {
      error(
        .signatureInvalid, "signature does not verify: \(failure.summary)" + (failure.file.map { " (\($0))" } ?? ""), notes: ["code \(failure.code)"])
    }
    record(
      "signature", since: before, pass: "verified (\(result.mode) mode, \(result.resourceCount) file(s), signer \(result.signer ?? "?"))",
      fail: "not verified (\(result.failures.count) problem(s))")
  }

  /// With `--env`: the artifact's digest must equal the environment's pin (stable or canary).
  mutating func digest(_ input: ValidationInput) {
    guard let environment = input.environment else {
      checks.append(CheckResult(id: "digest", status: .skip, detail: "no --env given"))
      return
    }
    let before = diagnostics.count
    guard let pin = input.pin else {
      error(.notPinned, "model '\(input.model.name)' is not pinned in environment '\(environment)'")
      record("digest", since: before, pass: "", fail: "not pinned in \(environment)")
      return
    }
    guard let actual = input.description.pinDigest else {
      error(.digestMismatch, "the artifact's digest was not computed")
      record("digest", since: before, pass: "", fail: "not computed")
      return
    }
    let kind = input.description.isSingleFile ? "file SHA-256" : "model-signing root digest"
    let pinned = [pin.digest.lowercased()] + (pin.canary.map { [$0.digest.lowercased()] } ?? [])
    let which = pinned.firstIndex(of: actual)
    if which == nil {
      error(
        .digestMismatch,
        "the artifact's \(kind) \(actual) is not the digest pinned in \(environment) (\(pin.digest)"
          + (pin.canary.map { ", canary \($0.digest)" } ?? "") + ")",
        notes: [
          "single files are pinned by their SHA-256 (sha256sum); directories by the OpenSSF model-signing root digest (paved model inspect shows it)"
        ])
    }
    let version = which == 1 ? (pin.canary?.version ?? pin.version) : pin.version
    record("digest", since: before, pass: "\(kind) matches \(environment) pin \(version)", fail: "\(kind) differs from the \(environment) pin")
  }
}

extension DiagnosticCode {
  public static let unsafePickle = DiagnosticCode("model.security.unsafe-pickle")
  public static let pickleForbidden = DiagnosticCode("model.security.pickle-forbidden")
  public static let unsigned = DiagnosticCode("model.security.unsigned")
  public static let signatureInvalid = DiagnosticCode("model.security.signature-invalid")
  public static let notPinned = DiagnosticCode("model.digest.not-pinned")
  public static let digestMismatch = DiagnosticCode("model.digest.mismatch")
}

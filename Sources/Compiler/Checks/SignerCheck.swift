import Diagnostics
import SpecAST

/// `contract.security.signers`: each names a key file or a certificate identity, by a path inside
/// the repository; a contract that requires signatures names who may sign.
struct SignerCheck: SpecCheck {
  let id = "signers"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for model in input.platform.spec.models {
      guard let contract = model.contract else { continue }
      if contract.signed?.value == true && contract.signers.isEmpty, let signed = contract.signed {
        out.append(
          .error(
            .noTrustedSigner, "model '\(model.name?.value ?? "?")' requires signatures but names no trusted signer", at: signed.range,
            path: signed.path,
            notes: [
              DiagnosticNote("without one, any key passed on the command line would be accepted"),
              DiagnosticNote(
                "add signers: [{ publicKey: keys/NAME.pub.pem }] or [{ certificate: { identity: EMAIL, issuer: URL, roots: keys/ROOTS.pem } }]"),
            ]))
      }
      for signer in contract.signers {
        switch (signer.publicKey, signer.identity) {
        case (nil, nil) where signer.roots == nil:
          out.append(.error(.invalidSigner, "a signer needs publicKey or certificate", at: signer.range, path: signer.path))
        case (let key?, _?):
          out.append(.error(.invalidSigner, "a signer is a public key or a certificate identity, not both", at: key.range, path: key.path))
        default:
          break
        }
        for file in [signer.publicKey, signer.roots].compactMap({ $0 }) {
          if let problem = Self.pathProblem(file.value) {
            out.append(
              .error(
                .invalidSigner, "'\(file.value)' \(problem)", at: file.range, path: file.path,
                notes: [DiagnosticNote("name a PEM file inside the repository, relative to platform.yaml, e.g. keys/release.pub.pem")]))
          }
        }
      }
    }
    return out
  }

  /// Why `path` cannot name a file inside the repository (absolute, climbing out, empty parts).
  static func pathProblem(_ path: String) -> String? {
    if path.hasPrefix("/") { return "is an absolute path" }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    if parts.contains("..") { return "climbs out of the repository ('..')" }
    if parts.contains(where: \.isEmpty) || path.utf8.contains(0) { return "is not a clean relative path" }
    return nil
  }
}

extension DiagnosticCode {
  public static let noTrustedSigner = DiagnosticCode("check.no-trusted-signer")
  public static let invalidSigner = DiagnosticCode("check.invalid-signer")
}

import Diagnostics
import ModelSigning
import PlatformModel
import VirtualFileSystem

/// The contract's trusted signers, read from the repository, and the command line's narrowing of
/// them: a key or anchor given on the command line must be one the contract names (compared by
/// content), or verification is refused; it never adds trust.
enum SignerFiles {
  static func isClean(_ path: String) -> Bool {
    !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0.isEmpty })
  }

  /// One way a bundle may verify, with what it must name.
  struct Candidate {
    var trust: TrustConfiguration
    var identity: String?
    var issuer: String?
    var label: String
  }

  /// The trust configurations to try, or why there is none.
  static func candidates(_ signers: [Signer], root: String, cli: ModelCommands.Trust) -> Result<[Candidate], Diagnostic> {
    var out: [Candidate] = []
    let cliKey = cli.publicKey.flatMap(ModelCommands.readSmall).map(normalized)
    let cliAnchors = cli.trustAnchors.compactMap(ModelCommands.readSmall).map(normalized)
    for signer in signers {
      switch signer {
      case .publicKey(let path):
        guard let pem = ModelCommands.readSmall(root + "/" + path) else {
          return .failure(Diagnostic.signature(.signatureSignerUnreadable, "cannot read the trusted key \(path)"))
        }
        if let cliKey, cliKey != normalized(pem) { continue }
        if cli.publicKey == nil && !cli.trustAnchors.isEmpty { continue }
        out.append(Candidate(trust: .publicKey(pem: pem), label: path))
      case .certificate(let identity, let issuer, let roots):
        guard let pem = ModelCommands.readSmall(root + "/" + roots) else {
          return .failure(Diagnostic.signature(.signatureSignerUnreadable, "cannot read the trust anchors \(roots)"))
        }
        if cli.publicKey != nil { continue }
        if !cliAnchors.isEmpty && !cliAnchors.contains(normalized(pem)) { continue }
        out.append(Candidate(trust: .trustAnchors(pems: [pem]), identity: identity, issuer: issuer, label: identity))
      }
    }
    if out.isEmpty {
      let given = cli.publicKey ?? cli.trustAnchors.joined(separator: ", ")
      return .failure(
        Diagnostic.signature(
          .signatureUntrustedSigner,
          given.isEmpty
            ? "the contract names no trusted signer"
            : "\(given) is not among the contract's trusted signers (security.signers); the command line may narrow trust, never widen it"))
    }
    return .success(out)
  }

  /// PEM text without line-ending and trailing-space differences.
  static func normalized(_ pem: [UInt8]) -> [UInt8] {
    let lines = pem.split(whereSeparator: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }).map { line in
      line.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
    }
    return Array(lines.filter { !$0.isEmpty }.joined(separator: [UInt8(ascii: "\n")]))
  }
}

extension DiagnosticCode {
  public static let signerFileMissing = DiagnosticCode("spec.signer-file-missing")
}

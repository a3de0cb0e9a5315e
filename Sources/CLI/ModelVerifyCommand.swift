import ArgumentParser
import Driver
import ModelValidation

/// `paved model verify PATH --signature BUNDLE (--public-key PEM | --trust-anchor PEM)`: exit 0
/// when verified, 1 when not.
struct ModelVerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify", abstract: "Verify an OpenSSF model-signing bundle against a model (exit 0 verified, 1 not).")

  @Argument(help: "Model file or directory.")
  var path: String

  @OptionGroup var signature: SignatureOptions

  @Option(
    name: .long,
    help: "Verify against this model's trusted signers (contract.security.signers); --public-key / --trust-anchor may only pick among them.")
  var model: String?

  @Option(name: .long, help: "Path of platform.yaml (with --model).")
  var platform = "platform.yaml"

  @Option(name: .long, help: "text or json.")
  var format: InspectFormat = .text

  func validate() throws {
    guard signature.signature != nil else { throw ValidationError("missing --signature BUNDLE") }
    guard model != nil || signature.publicKey != nil || !signature.trustAnchors.isEmpty else {
      throw ValidationError("give --model NAME (its contract's trusted signers), or --public-key PEM or --trust-anchor PEM")
    }
  }

  func run() throws {
    let trust = ModelCommands.Trust(publicKey: signature.publicKey, trustAnchors: signature.trustAnchors)
    let (root, file) = splitPlatformPath(platform)
    let (compiled, result) = try Self.catchingBugs { () throws(InternalError) in
      try model.map { name throws(InternalError) in
        try ModelCommands.verify(
          model: path, bundlePath: signature.signature ?? "", trust: trust, contractOf: name, root: root, platformFile: file,
          displayPrefix: displayPrefix(root))
      } ?? (CompileResult(), ModelCommands.verify(model: path, bundlePath: signature.signature ?? "", trust: trust))
    }
    if compiled.diagnostics.hasErrors {
      DiagnosticsView(format: .text).show(compiled)
      finish(hasErrors: true)
    }
    switch format {
    case .json: print(InspectRenderer.verificationJSON(result, model: path), terminator: "")
    case .text:
      if result.verified {
        print("verified: \(path) (\(result.mode) mode, \(result.resourceCount) file(s), signer \(result.signer ?? "?"))")
      } else {
        writeStderr(
          result.failures.map { "error[\($0.code)]: \($0.summary)" + ($0.file.map { " (\($0))" } ?? "") }.joined(separator: "\n")
            + "\nnot verified: \(path)\n")
      }
    }
    finish(hasErrors: !result.verified)
  }

  /// `body`'s value; a compiler bug ends the process with exit 70.
  static func catchingBugs<T>(_ body: () throws(InternalError) -> T) throws -> T {
    do { return try body() } catch { throw ExitCode(DiagnosticsView.internalError(error)) }
  }
}

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

  @Option(name: .long, help: "text or json.")
  var format: InspectFormat = .text

  func validate() throws {
    guard signature.signature != nil else { throw ValidationError("missing --signature BUNDLE") }
    guard signature.publicKey != nil || !signature.trustAnchors.isEmpty else {
      throw ValidationError("give --public-key PEM or --trust-anchor PEM")
    }
  }

  func run() throws {
    let result = ModelCommands.verify(
      model: path, bundlePath: signature.signature ?? "",
      trust: .init(publicKey: signature.publicKey, trustAnchors: signature.trustAnchors))
    switch format {
    case .json: print(InspectRenderer.verificationJSON(result, model: path), terminator: "")
    case .text:
      if result.verified {
        print("verified: \(path) (\(result.mode) mode, \(result.resourceCount) file(s), signer \(result.signer ?? "?"))")
      } else {
        writeStderr(result.failures.map { "error[\($0.code)]: \($0.message)" + ($0.file.map { " (\($0))" } ?? "") }.joined(separator: "\n") + "\nnot verified: \(path)\n")
      }
    }
    finish(hasErrors: !result.verified)
  }
}

import ArgumentParser

/// `paved model inspect | validate | verify`: model artifact checks.
struct ModelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "model", abstract: "Inspect model artifacts, verify their signatures, check them against a model's contract.",
    subcommands: [ModelInspectCommand.self, ModelValidateCommand.self, ModelVerifyCommand.self])
}

/// Signature options shared by the model subcommands.
struct SignatureOptions: ParsableArguments {
  @Option(name: .long, help: "OpenSSF model-signing bundle (Sigstore bundle v0.3 JSON).")
  var signature: String?

  @Option(name: .customLong("public-key"), help: "PEM public key the bundle must be signed with (key mode).")
  var publicKey: String?

  @Option(name: .customLong("trust-anchor"), help: "PEM CA certificate(s) the signing certificate must chain to (certificate mode); repeatable.")
  var trustAnchors: [String] = []

  func validate() throws {
    if publicKey != nil && !trustAnchors.isEmpty {
      throw ValidationError("give either --public-key or --trust-anchor, not both")
    }
    if signature != nil && publicKey == nil && trustAnchors.isEmpty {
      throw ValidationError("--signature needs --public-key PEM or --trust-anchor PEM")
    }
  }
}

/// Output formats of `paved model inspect`.
enum InspectFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// Output formats of `paved model validate`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

import ArgumentParser
import Diagnostics
import Driver
import ModelValidation

/// `paved model inspect PATH`: format, signature, metadata, files, sizes, digests, pickle findings.
struct ModelInspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect", abstract: "Show what a model artifact is: format, signature, metadata, files, digests, pickles.")

  @Argument(help: "Model file or directory.")
  var path: String

  @Option(name: .long, help: "text or json.")
  var format: InspectFormat = .text

  @Flag(name: .customLong("no-digests"), help: "Skip hashing (sizes only); reads only headers.")
  var noDigests = false

  @OptionGroup var signature: SignatureOptions

  func run() throws {
    let (description, diagnostics) = ModelCommands.inspect(path: path, digests: !noDigests, signature: signature.signature)
    let verification = signature.signature.map {
      ModelCommands.verify(model: path, bundlePath: $0, trust: .init(publicKey: signature.publicKey, trustAnchors: signature.trustAnchors))
    }
    let all = Diagnostics(diagnostics)
    if !all.isEmpty { writeStderr(TextRenderer(catalog: SourceCatalog()).render(all)) }
    guard let description else { finish(hasErrors: true) }
    switch format {
    case .text: print(InspectRenderer.text(description, signature: verification), terminator: "")
    case .json: print(InspectRenderer.json(description, signature: verification), terminator: "")
    }
    finish(hasErrors: all.hasErrors)
  }
}

import ArgumentParser
import Driver
import ModelValidation

/// `paved model validate MODEL --artifact PATH`: check an artifact against the model's contract.
struct ModelValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check a model artifact against its contract in platform.yaml (exit 0 ok, 1 not).")

  @Argument(help: "Model name (spec.models[].name).")
  var model: String

  @Option(name: .long, help: "Model file or directory to check.")
  var artifact: String

  @Option(name: .long, help: "Environment whose pinned digest the artifact must match.")
  var env: String?

  @Option(name: .long, help: "The artifact pinned now (for the compatibility check).")
  var baseline: String?

  @Option(name: .long, help: "Path of platform.yaml.")
  var platform: String = "platform.yaml"

  @Option(name: .long, help: "text, json or markdown (a promotion PR body).")
  var format: ReportFormat = .text

  @OptionGroup var signature: SignatureOptions

  func run() throws {
    let (root, file) = splitPlatformPath(platform)
    let request = ModelCommands.ValidateRequest(
      root: root, compile: CompileRequest(platformPath: file, displayPrefix: displayPrefix(root)), model: model,
      artifact: artifact, environment: env, signature: signature.signature,
      trust: .init(publicKey: signature.publicKey, trustAnchors: signature.trustAnchors), baseline: baseline)
    let outcome: ModelCommands.ValidateOutcome
    do {
      outcome = try ModelCommands.validate(request)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    guard let report = outcome.report else {
      DiagnosticsView(format: format == .json ? .json : .text).show(outcome.compilation)
      finish(hasErrors: true)
    }
    switch format {
    case .text: print(ReportRenderer.text(report, catalog: outcome.compilation.sources), terminator: "")
    case .json: print(ReportRenderer.json(report), terminator: "")
    case .markdown: print(ReportRenderer.markdown(report), terminator: "")
    }
    finish(hasErrors: !report.passed)
  }
}

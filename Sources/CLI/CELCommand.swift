import ArgumentParser
import CEL
import Diagnostics
import Driver
import Policy
import VirtualFileSystem

/// `paved cel …`: try CEL expressions.
struct CELCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cel", abstract: "Try CEL expressions.", subcommands: [CELEvalCommand.self])
}

/// `paved cel eval EXPR [--input FILE]`: evaluate one expression and print the result as JSON.
struct CELEvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", abstract: "Evaluate a CEL expression; the input's top-level keys are its variables.")

  @Argument(help: "The CEL expression.")
  var expression: String

  @Option(name: .long, help: "A YAML or JSON file; each top-level key becomes a variable.")
  var input: String?

  @Option(name: .long, help: "Compile this platform.yaml and bind `platform` to the value policies see.")
  var platform: String?

  func run() throws {
    var bindings: [String: CELValue] = [:]
    if let platform {
      let result = try compileInMemory(platform)
      guard let compiled = result.platform, !result.diagnostics.hasErrors else {
        writeStderr(TextRenderer(catalog: result.sources).render(result.diagnostics))
        throw ExitCode(1)
      }
      bindings["platform"] = PlatformValue.make(compiled)
    }
    var loaded: (bytes: [UInt8], file: String)?
    if let input {
      let (root, file) = splitPlatformPath(input)
      do {
        loaded = (try LocalFileSystem(root: root).readFile(file, limit: 16 << 20), input)
      } catch {
        writeStderr("error[input.unreadable]: \(error.message)\n")
        throw ExitCode(1)
      }
    }
    let outcome = CELEvaluation.evaluate(expression, input: loaded, bindings: bindings)
    let text = TextRenderer(catalog: outcome.sources).render(Diagnostics(outcome.diagnostics))
    if !text.isEmpty { writeStderr(text) }
    if let json = outcome.json { print(json) }
    finish(hasErrors: outcome.json == nil)
  }
}

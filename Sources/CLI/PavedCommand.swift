import ArgumentParser
import CSupport

/// `paved`: the root command.
public struct PavedCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "paved",
    abstract: "Compile an ML platform spec into Kubernetes manifests, CI gates and promotions.",
    version: PavedVersion.description,
    subcommands: [
      ValidateCommand.self, BuildCommand.self, SchemaCommand.self, PlanCommand.self, ApplyCommand.self,
      CheckCommand.self, PolicyCommand.self, CELCommand.self, ModelCommand.self, CICommand.self, PromoteCommand.self,
    ])

  public init() {}
}

/// What `paved --version` prints.
enum PavedVersion {
  static let version = "0.1.0"
  static var commit: String { String(cString: paved_build_commit()) }
  static var description: String { "paved \(version) (commit \(commit))" }
}

/// Options every command that reads the spec takes.
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "Path of platform.yaml (environment files are read from environments/ beside it).")
  var platform: String = "platform.yaml"

  @Option(name: .long, help: "How to print diagnostics: text, json or github.")
  var format: OutputFormat = .text

  @Flag(name: .long, help: "Print the time each compiler phase took to stderr.")
  var timings = false
}

/// Diagnostic output formats.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, github
}

/// Exit codes shared by all commands.
enum Exit {
  static let userError = ExitCode(1)
  static let internalError = ExitCode(70)
}

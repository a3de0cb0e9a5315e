import ArgumentParser
import SpecAST

/// `paved schema platform|environment`: print a JSON Schema for editors.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema", abstract: "Print the JSON Schema of platform.yaml or of an environment file.")

  enum Document: String, ExpressibleByArgument, CaseIterable { case platform, environment }

  @Argument(help: "platform or environment")
  var document: Document

  func run() throws {
    let schema = document == .platform ? SpecSchema.platform() : SpecSchema.environment()
    print(SpecSchema.render(schema), terminator: "")
  }
}

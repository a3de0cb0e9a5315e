import ArgumentParser
import JSONWriting
import SpecAST

/// `paved schema platform|environment|policy|policy-test`: print a JSON Schema for editors.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema", abstract: "Print the JSON Schema of platform.yaml, an environment file, a policy or a policy test.")

  enum Document: String, ExpressibleByArgument, CaseIterable {
    case platform
    case environment
    case policy
    case policyTest = "policy-test"
  }

  @Argument(help: "platform, environment, policy or policy-test")
  var document: Document

  func run() throws {
    let schema: JSON
    switch document {
    case .platform: schema = SpecSchema.platform()
    case .environment: schema = SpecSchema.environment()
    case .policy: schema = SpecSchema.policy()
    case .policyTest: schema = SpecSchema.policyTest()
    }
    print(SpecSchema.render(schema), terminator: "")
  }
}

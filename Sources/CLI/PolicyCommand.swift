import ArgumentParser
import Diagnostics
import Driver
import SpecAST
import VirtualFileSystem

/// `paved policy …`: work on policy files.
struct PolicyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy", abstract: "Work on the policies in policies/.", subcommands: [PolicyTestCommand.self])
}

/// `paved policy test [DIR]`: run every policy's test cases; exit 1 on any mismatch or broken policy.
struct PolicyTestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test", abstract: "Run each policy's test cases (DIR/tests/<policy>/*.yaml).")

  @Argument(help: "Directory of policy files.")
  var directory: String = "policies"

  @Option(name: .long, help: "Evaluate exception expiry as of this date (YYYY-MM-DD); a case's own `today` wins.")
  var today: String?

  func validate() throws {
    if let today, PolicyDate.parse(today) == nil { throw ValidationError("--today must be a date YYYY-MM-DD") }
  }

  func run() throws {
    var dir = directory
    while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
    let day = today.flatMap(PolicyDate.parse) ?? PolicyDate.today()
    let result: PolicyTestRunner.Result
    do {
      let (root, name) = splitPlatformPath(dir)
      result = try PolicyTestRunner.run(LocalFileSystem(root: root), directory: name, displayPrefix: displayPrefix(root), today: day)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    let text = TextRenderer(catalog: result.sources).render(result.diagnostics)
    if !text.isEmpty { writeStderr(text) }
    for c in result.cases {
      print(c.passed ? "PASS \(c.policy)/\(c.name)" : "FAIL \(c.policy)/\(c.name) (\(c.file)): \(c.detail)")
    }
    let passed = result.cases.filter(\.passed).count
    print(
      "policy tests: \(passed) passed, \(result.cases.count - passed) failed, \(result.policyCount) policy files"
        + (result.diagnostics.hasErrors ? ", \(result.diagnostics.errorCount) error(s)" : ""))
    finish(hasErrors: !result.ok)
  }
}

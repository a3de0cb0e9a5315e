import ArgumentParser
import Diagnostics
import Driver
import JSONWriting
import Policy
import SpecAST
import VirtualFileSystem

/// `paved check`: compile, evaluate every policy, report every violation; exit 1 on any error.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Compile the spec and evaluate the policies in policies/ on the platform and every rendered object.")

  @Option(name: .long, help: "Path of platform.yaml (policies are read from policies/ beside it).")
  var platform: String = "platform.yaml"

  @Option(name: .long, help: "Report format: text, json, github, sarif, junit or markdown.")
  var format: CheckFormat = .text

  @Option(name: .long, help: "Evaluate exception expiry as of this date (YYYY-MM-DD). Default: today (UTC).")
  var today: String?

  func validate() throws {
    if let today, PolicyDate.parse(today) == nil { throw ValidationError("--today must be a date YYYY-MM-DD") }
  }

  func run() throws {
    let (root, file) = splitPlatformPath(platform)
    let day = today.flatMap(PolicyDate.parse) ?? PolicyDate.today()
    let result: CheckResult
    do {
      result = try PolicyCheck.run(LocalFileSystem(root: root), CompileRequest(platformPath: file, displayPrefix: displayPrefix(root)), today: day)
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    CheckView(format: format).show(result)
    finish(hasErrors: result.diagnostics.hasErrors)
  }
}

/// Output formats of `paved check`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, github, sarif, junit, markdown
}

/// Prints a check result once, in the requested format (text to stderr, everything else to stdout).
struct CheckView {
  let format: CheckFormat

  func show(_ result: CheckResult) {
    let outcomes = result.report.outcomes
    let d = result.diagnostics
    switch format {
    case .text:
      let text = TextRenderer(catalog: result.sources).render(d)
      if !text.isEmpty { writeStderr(text) }
      print(summary(result))
    case .json:
      let policies: [JSON] = outcomes.map { o in
        [
          "policy": .string(o.policy), "file": .string(o.file), "scope": .string(o.scope.rawValue), "severity": .string(o.severity.rawValue),
          "subjects": .integer(o.subjects), "findings": .integer(o.diagnostics.count), "suppressed": .integer(o.suppressed),
        ]
      }
      let fields: [String: JSON] = ["ok": .bool(!d.hasErrors), "policies": .array(policies), "violations": .integer(result.report.violations.count)]
      print(JSONDiagnosticRenderer.render(d, result: fields), terminator: "")
    case .github:
      print(GitHubDiagnosticRenderer.render(d), terminator: "")
      print(summary(result))
    case .sarif:
      print(SARIFReport.render(d, outcomes: outcomes), terminator: "")
    case .junit:
      print(JUnitReport.render(d, outcomes: outcomes), terminator: "")
    case .markdown:
      print(MarkdownReport.render(d, outcomes: outcomes), terminator: "")
    }
  }

  func summary(_ result: CheckResult) -> String {
    let report = result.report
    let violations = report.violations.count
    let subjects = report.outcomes.reduce(0) { $0 + $1.subjects }
    if result.compile.platform == nil { return "check: the spec or a policy has errors; no policy was evaluated" }
    let waived = report.outcomes.reduce(0) { $0 + $1.suppressed }
    let tail = waived > 0 ? ", \(waived) waived by exceptions" : ""
    let failed = report.outcomes.filter { $0.diagnostics.contains { $0.code == .policyEvaluation } }.map(\.policy)
    let failedText =
      failed.isEmpty ? "" : "\(failed.count) polic\(failed.count == 1 ? "y" : "ies") could not be evaluated (\(failed.joined(separator: ", "))); "
    if result.diagnostics.hasErrors || violations > 0 {
      return "check: \(failedText)\(violations) violation(s) of \(report.outcomes.count) policies (\(subjects) evaluations\(tail))"
    }
    return "ok: \(report.outcomes.count) policies passed (\(subjects) evaluations\(tail))"
  }
}

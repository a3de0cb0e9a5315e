import ArgumentParser
import Artifacts
import Diagnostics
import Driver
import JSONWriting
import Planning

/// `paved plan --drift`: drift (files changed outside paved) reported apart from unapplied changes.
enum DriftView {
  static func run(root: String, file: String, against: String?, environments: [String]?, format: PlanFormat, detailedExitcode: Bool, timings: Bool)
    throws -> Never
  {
    let outcome: DriftRun.Outcome
    do {
      outcome = try DriftRun.run(
        DriftRun.Request(root: root, platformFile: file, against: against, environments: environments, displayPrefix: displayPrefix(root)))
    } catch {
      throw ExitCode(DiagnosticsView.internalError(error))
    }
    if timings { DiagnosticsView.showTimings(outcome.compilation.timings) }
    guard let plan = outcome.unapplied, !outcome.compilation.diagnostics.hasErrors else {
      PlanView.showErrors(outcome.compilation.diagnostics, sources: outcome.compilation.sources, format: format)
      finish(hasErrors: true)
    }
    PlanView.showWarnings(outcome.compilation.diagnostics, sources: outcome.compilation.sources, format: format)
    print(render(outcome, plan, format: format), terminator: "")
    exitWithPlan(changed: !plan.isEmpty || !outcome.drift.isEmpty, detailed: detailedExitcode)
  }

  static func render(_ outcome: DriftRun.Outcome, _ plan: Plan, format: PlanFormat) -> String {
    switch format {
    case .json:
      var json = JSONStream()
      json.open()
      json.int("formatVersion", 1)
      json.string("mode", "drift")
      json.string("deployed", outcome.deployed)
      json.string("deployedSource", outcome.deployedSource)
      json.openArray("unrecordedScopes")
      for scope in outcome.unrecordedScopes { json.string(nil, scope) }
      json.close(array: true)
      json.openArray("drift")
      for entry in outcome.drift {
        var item = JSONStream(pretty: false)
        item.open()
        item.string("path", entry.path)
        item.string("change", entry.kind.rawValue)
        item.bool("contentsChanged", entry.contentsChanged)
        item.raw("fields", JSONPlanRenderer.fields(entry.fields))
        item.close()
        json.raw(nil, item.text)
      }
      json.close(array: true)
      // The plan document, indented one level into this one.
      let unapplied = JSONPlanRenderer.render(plan, metadata: outcome.metadata).split(separator: "\n").joined(separator: "\n  ")
      json.raw("unapplied", unapplied)
      json.close()
      return json.text + "\n"
    case .text, .markdown:
      var out = format == .markdown ? "<!-- paved-drift deployed=\"\(outcome.deployed)\" -->\n```\n" : ""
      out += "Deployed: \(outcome.deployed)" + (outcome.deployedSource.map { ", rendered from \($0.prefix(12))" } ?? "") + "\n"
      if outcome.drift.isEmpty {
        out += "Drift: none (no file changed outside paved).\n"
      } else {
        out += "Drift: \(outcome.drift.count) file\(outcome.drift.count == 1 ? "" : "s") changed outside paved:\n"
        for entry in outcome.drift {
          let note =
            switch entry.kind {
            case .modified: "paved apply will overwrite it; deployed → rendered"
            case .deleted: "paved apply will restore it"
            case .added: "not written by paved; apply keeps it"
            }
          out += "  \(entry.kind.rawValue.padded(to: 9, overflow: " "))\(entry.path)  (\(note))\n"
          guard entry.kind == .modified else { continue }
          if entry.contentsChanged {
            out += "      ~ contents changed\n"
          } else if entry.fields.isEmpty {
            out += "      ~ formatting or comments only (the objects are the same)\n"
          }
          for field in entry.fields { out += "      " + TextPlanRenderer.fieldLine(field) + "\n" }
        }
      }
      for scope in outcome.unrecordedScopes {
        out +=
          "note: \(scope)/ has no .paved-applied record (written by paved build or an older paved): its differences are all listed as unapplied\n"
      }
      out += "\nUnapplied changes (working tree vs deployed):\n" + TextPlanRenderer.render(plan, metadata: outcome.metadata)
      return out + (format == .markdown ? "```\n" : "")
    }
  }
}

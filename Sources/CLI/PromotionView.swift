import Driver
import Forge
import ModelValidation

/// The promotion's pull-request body (the evidence a reviewer needs) and its gate table.
enum PromotionView {
  static func body(_ o: PromoteRun.Outcome, model: String, target: String) -> String {
    let candidate = o.candidate
    var out = "<!-- paved-promote model=\"\(model)\" env=\"\(target)\" candidate=\"\(candidate?.version ?? "")\" -->\n"
    let step = o.canaryTraffic.map { " as a \($0) % canary" } ?? ""
    out += "### Promote `\(model)` \(candidate?.version ?? "?") to **\(target)**\(step)\n\n"
    out += "| | |\n|---|---|\n"
    out += "| candidate | `\(candidate?.version ?? "")` · `\(candidate?.artifact ?? "")` · `\(candidate?.digest ?? "")` |\n"
    out += "| replaces | " + (o.current.map { "`\($0.version)` · `\($0.artifact)`" } ?? "nothing (first pin in \(target))") + " |\n"
    // Nothing here depends on the clock: a re-run with the same candidate renders the same body, so
    // the pull request is not edited again (the soak's elapsed time is in the command's output).
    if let source = o.source, let soak = o.soak {
      out +=
        "| soak | pinned in `\(source)` since \(time(soak.since)) (commit `\(soak.commit.prefix(7))` \"\(soak.summary)\")"
        + (soak.required > 0 ? "; \(describe(soak.required)) required" : "") + " |\n"
    }
    if let plan = o.planSummary { out += "| plan | \(plan) |\n" }
    if !o.approvers.isEmpty { out += "| approvers | \(o.approvers.joined(separator: ", ")) |\n" }
    out += "\n**Evidence**\n\n| gate | result | detail |\n|---|---|---|\n"
    for gate in o.gates {
      let detail = gate.name == "soak" ? (gate.status == .pass ? "soaked long enough" : "not soaked long enough yet") : gate.detail
      let mark = gate.status == .pass ? "pass" : gate.blocks ? "**\(gate.status.rawValue)** (required)" : gate.status.rawValue
      out += "| \(gate.name) | \(mark) | \(detail.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")) |\n"
    }
    if let report = o.validationReport {
      out += "\n<details><summary>Model validation report</summary>\n\n" + ReportRenderer.markdown(report) + "\n</details>\n"
    }
    out += "\n_A person approves this pull request; paved never merges it._\n"
    return out
  }

  /// Why `--all` leaves a candidate for later: the blocking gates (the soak with when it becomes
  /// eligible), else the first error.
  static func whyNot(_ o: PromoteRun.Outcome) -> String {
    let why = o.gates.filter(\.blocks).map { gate in
      gate.name == "soak" ? "soak (eligible at \(time(o.soak?.eligibleAt ?? 0)))" : "\(gate.name) \(gate.status.rawValue)"
    }
    return why.isEmpty ? o.diagnostics.sorted.first.map(\.summary) ?? "" : why.joined(separator: ", ")
  }

  /// What delivering did, a line each.
  static func delivered(_ d: PromoteRun.Delivered, displayPrefix: String) -> [String] {
    var lines: [String] = []
    if let file = d.edited {
      lines.append("edited \(displayPrefix)\(file): review it (git diff), commit it on a branch and open a pull request with the body above")
    }
    if let branch = d.branch {
      switch d.commit {
      case .created(let sha)?: lines.append("committed \(sha.prefix(7)) on \(branch) (new branch)")
      case .updated(let sha, let previous)?:
        lines.append("committed \(sha.prefix(7)) on \(branch) (was \(previous.prefix(7)): the candidate or its base changed)")
      case .unchanged(let sha)?: lines.append("\(branch) is already at \(sha.prefix(7)) with this promotion: nothing to do")
      case nil: break
      }
      if let pushed = d.pushed { lines.append("pushed \(branch) to \(pushed.remote) (\(pushed.sha.prefix(7)))") }
    }
    switch d.pullRequest {
    case .created(let n, let url): lines.append("opened #\(n): \(url)")
    case .updated(let n, let url): lines.append("updated #\(n): \(url)")
    case .unchanged(let n, let url): lines.append("#\(n) is up to date: \(url)")
    case .closed(let n, let url): lines.append("closed #\(n) as superseded: \(url)")
    case .none: break
    }
    return lines
  }

  static func gates(_ o: PromoteRun.Outcome) -> String {
    o.gates.map { "\($0.status == .pass ? "✓" : $0.blocks ? "✗" : "·") \($0.name): \($0.status.rawValue) — \($0.detail)" }.joined(separator: "\n")
  }

  static func describe(_ seconds: Int64) -> String { Soak.describe(seconds: seconds) }

  /// `2026-12-05 10:00 UTC`.
  static func time(_ seconds: Int64) -> String { Soak.describe(time: seconds) }
}

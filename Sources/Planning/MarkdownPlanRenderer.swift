import Artifacts

/// The plan as one pull-request comment, within a hard size budget.
///
/// - Line 1 is a hidden marker, `<!-- paved-plan target="…" … -->`: CI finds the comment whose
///   first line starts with `<!-- paved-plan target="<target>"` and edits it in place.
/// - Then the summary line and a table of counts, then every deletion (always, however long
///   the plan), then replacements, then one folded `<details>` block per change.
/// - The whole comment is at most `budget` UTF-8 bytes (so at most that many characters).
///   When the details do not fit, the remaining ones are cut and a note says how many.
///   The summary and the deletions are written first and never cut; only if the deletions alone
///   exceed the budget are they listed compactly (names grouped by scope and kind).
public struct MarkdownPlanRenderer: Sendable {
  /// GitHub refuses comments over 65,536 characters; 60,000 leaves room for a CI footer.
  public static let defaultBudget = 60_000
  /// At most this many field lines per object.
  public static let fieldLinesPerObject = 40

  public var budget: Int
  /// What the comment is about, for the marker (e.g. `all` or `prod,staging`).
  public var target: String

  public init(budget: Int = MarkdownPlanRenderer.defaultBudget, target: String = "all") {
    self.budget = budget
    self.target = target
  }

  public func render(_ plan: Plan, metadata: PlanMetadata) -> String {
    var head =
      "<!-- paved-plan target=\"\(target)\" base=\(metadata.base.sha ?? "none") head=\(metadata.head.sha ?? "working-tree") fingerprint=\(metadata.inputFingerprint) -->\n"
    head += "### Paved plan: `\(metadata.base.label)` → `\(metadata.head.label)`\n\n"
    if !metadata.base.hasPlatform { head += "_The base revision has no platform: every object is created._\n\n" }
    head += "**\(plan.summaryLine)**\n"
    if plan.isEmpty { return head }
    let c = plan.counts
    head += "\n| action | objects |\n|---|---:|\n"
    head += "| :warning: **delete** | \(c[.delete] ?? 0) |\n| :warning: **replace** | \(c[.replace] ?? 0) |\n"
    if let retained = c[.retain], retained > 0 { head += "| retain (removed from git, kept in the cluster) | \(retained) |\n" }
    head += "| update | \(c[.update] ?? 0) |\n| create | \(c[.create] ?? 0) |\n"

    let deletions = plan.changes(.delete)
    var out = head + deletionSection(deletions, room: budget - head.utf8.count - 600)
    let replacements = plan.changes(.replace)
    if !replacements.isEmpty {
      var section = "\n#### :warning: Replacements (\(replacements.count)): deleted, then created\n"
      for change in replacements {
        section += "- `\(change.scope)` \(change.shortName): immutable \(change.replacementReasons.map { "`\($0)`" }.joined(separator: ", "))\n"
      }
      if out.utf8.count + section.utf8.count + 600 <= budget {
        out += section
      } else {
        out +=
          "\n#### :warning: Replacements (\(replacements.count))\n_The list does not fit in this comment; see the details below or `paved plan --format json`._\n"
      }
    }

    let detailed = plan.changes.filter { $0.action != .delete }.sorted { $0.action < $1.action }
    var shown = 0
    var details = ""
    let reserve = 400
    if !detailed.isEmpty { details += "\n#### Details\n" }
    for change in detailed {
      let block = detailBlock(change)
      if out.utf8.count + details.utf8.count + block.utf8.count + reserve > budget { break }
      details += block
      shown += 1
    }
    out += details
    if shown < detailed.count {
      out +=
        "\n> **Details cut:** \(detailed.count - shown) of \(detailed.count) changes are not shown, to keep this comment within \(budget) characters. The summary and every deletion above are complete; the full plan is `paved plan --format json`.\n"
    }
    return out
  }

  /// Every deletion, one per line; grouped compactly when one per line does not fit in `room`.
  func deletionSection(_ deletions: [Change], room: Int) -> String {
    guard !deletions.isEmpty else { return "" }
    var section = "\n#### :warning: Deletions (\(deletions.count))\n"
    for change in deletions {
      let reason = change.because.map { ", because `\($0.dropFirst("because ".count))`" } ?? ""
      section += "- `\(change.scope)` \(change.shortName) (`\(change.path)`)\(reason)\n"
    }
    if section.utf8.count <= room { return section }
    // Compact: one line per scope and kind, names only.
    section = "\n#### :warning: Deletions (\(deletions.count)), grouped by environment and kind\n"
    var groups: [(key: String, names: [String])] = []
    for change in deletions {
      let key = "`\(change.scope)` " + (change.identity.map { $0.kind } ?? "file")
      let name = change.identity.map { ($0.namespace.map { "\($0)/" } ?? "") + $0.name } ?? change.path
      if groups.last?.key == key { groups[groups.count - 1].names.append(name) } else { groups.append((key, [name])) }
    }
    for group in groups { section += "- \(group.key) (\(group.names.count)): " + group.names.joined(separator: ", ") + "\n" }
    if section.utf8.count <= room { return section }
    // Still too long (thousands of deletions): as many as fit, and say how many are left out.
    var out = "\n#### :warning: Deletions (\(deletions.count)), grouped by environment and kind\n"
    var listed = 0
    for group in groups {
      var line = "- \(group.key) (\(group.names.count)): "
      for (i, name) in group.names.enumerated() {
        let piece = (i == 0 ? "" : ", ") + name
        if out.utf8.count + line.utf8.count + piece.utf8.count + 200 > room { break }
        line += piece
        listed += 1
      }
      out += line + "\n"
      if out.utf8.count + 200 > room { break }
    }
    out +=
      "\n> **\(deletions.count - listed) more deletions are not listed here** (over the comment budget); `paved plan --format json` lists all \(deletions.count).\n"
    return out
  }

  /// One folded change.
  func detailBlock(_ change: Change) -> String {
    var block = "<details><summary>\(summaryMarker(change.action)) <code>\(change.scope)</code> \(escape(change.shortName))"
    if let previous = change.previousPath { block += " (moved from <code>\(escape(previous))</code>)" }
    block +=
      "</summary>\n\n<code>\(escape(change.path))</code>"
      + (change.because.map { ", because <code>\(escape(String($0.dropFirst("because ".count))))</code>" } ?? "") + "\n"
    var lines: [String] = []
    if change.contentsChanged { lines.append("~ contents changed") }
    for field in change.fields.prefix(Self.fieldLinesPerObject) { lines += Self.diffLines(field) }
    if change.fields.count > Self.fieldLinesPerObject {
      lines.append("… \(change.fields.count - Self.fieldLinesPerObject) more field changes")
    }
    if change.action == .create, let after = change.after {
      // The whole object, as YAML: what a reviewer approves.
      let yaml = String(decoding: YAMLWriter.render(after), as: UTF8.self)
      lines += yaml.split(separator: "\n", omittingEmptySubsequences: false).dropLast(yaml.hasSuffix("\n") ? 1 : 0).map { "+ " + $0 }
    }
    if !lines.isEmpty {
      block += "\n```diff\n" + lines.map { $0.replacingFences() }.joined(separator: "\n") + "\n```\n"
    }
    return block + "</details>\n"
  }

  /// A field change as `diff` lines (a changed value is a `-` line and a `+` line, so forges colour it).
  static func diffLines(_ field: FieldChange) -> [String] {
    let suffix = field.forcesReplacement ? "   # immutable: forces replacement" : ""
    let path = field.path.description
    if field.sensitive { return ["! \(path): \(SensitiveFields.changedText)\(suffix)"] }
    switch field.kind {
    case .added: return ["+ \(path): \(TextPlanRenderer.value(field.after))\(suffix)"]
    case .removed: return ["- \(path): \(TextPlanRenderer.value(field.before))\(suffix)"]
    case .changed:
      return ["- \(path): \(TextPlanRenderer.value(field.before))", "+ \(path): \(TextPlanRenderer.value(field.after))\(suffix)"]
    }
  }

  func summaryMarker(_ action: Action) -> String {
    switch action {
    case .create: return "+ create"
    case .update: return "~ update"
    case .replace: return ":warning: replace"
    case .delete: return ":warning: delete"
    case .retain: return "retain"
    }
  }

  func escape(_ text: String) -> String {
    var out = ""
    for ch in text {
      switch ch {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      default: out.append(ch)
      }
    }
    return out
  }
}

extension String {
  /// Breaks any run of three backticks so a value cannot close the code block.
  fileprivate func replacingFences() -> String {
    guard contains("```") else { return self }
    return split(separator: "```", omittingEmptySubsequences: false).joined(separator: "`\u{200B}``")
  }
}

import Artifacts

/// The plan for a terminal or a CI log: the summary first, then destructive changes flagged.
///
///     Plan: 1 to create, 2 to update, 1 to replace, 1 to delete.
///
///     ! delete   prod: v1 Namespace old-prod  (prod/cluster/namespace-old-prod.yaml)
///     ! replace  prod: kueue.x-k8s.io/v1beta2 LocalQueue a-prod/default  (prod/tenants/a/localqueue-default.yaml)
///         ~ spec.clusterQueue: "a-prod" → "b-prod"   (immutable: forces replacement)
///     ~ update   prod: v1 ResourceQuota a-prod/tenant-quota  (…)
///         ~ spec.hard["requests.cpu"]: "8" → "16"
///     + create   …
public enum TextPlanRenderer {
  public static func render(_ plan: Plan, metadata: PlanMetadata) -> String {
    var out = plan.summaryLine + "\n"
    out += "base: \(metadata.base.label)\(metadata.base.hasPlatform ? "" : " (no platform: everything is created)"), head: \(metadata.head.label)\n"
    if plan.isEmpty { return out }
    let destructive = plan.count(.delete) + plan.count(.replace)
    if destructive > 0 {
      out +=
        "! \(destructive) destructive change\(destructive == 1 ? "" : "s"): \(plan.count(.delete)) to delete, \(plan.count(.replace)) to replace (delete, then create)\n"
    }
    for action in Action.allCases.sorted() {
      let changes = plan.changes(action)
      if changes.isEmpty { continue }
      out += "\n"
      for change in changes { out += line(change) + "\n" + fieldLines(change, indent: "    ") }
    }
    return out
  }

  static func marker(_ action: Action) -> String {
    switch action {
    case .create: return "+ create "
    case .update: return "~ update "
    case .replace: return "! replace"
    case .delete: return "! delete "
    case .retain: return "= retain "
    }
  }

  /// "! delete   prod: v1 Namespace x  (prod/cluster/namespace-x.yaml)".
  static func line(_ change: Change) -> String {
    var text = marker(change.action) + "  " + change.title + "  (" + change.path
    if let previous = change.previousPath { text += ", moved from " + previous }
    return text + ")" + (change.because.map { "  " + $0 } ?? "")
  }

  /// The field changes, one per line.
  static func fieldLines(_ change: Change, indent: String) -> String {
    var out = ""
    if change.contentsChanged { out += indent + "~ contents changed\n" }
    for field in change.fields { out += indent + fieldLine(field) + "\n" }
    return out
  }

  /// "~ spec.x: 1 → 2", "+ spec.y: true", "- spec.z: "a"", with sensitivity and immutability notes.
  public static func fieldLine(_ field: FieldChange) -> String {
    let path = field.path.description
    var text: String
    if field.sensitive {
      let verb = field.kind == .added ? "+" : field.kind == .removed ? "-" : "~"
      text = "\(verb) \(path): \(SensitiveFields.changedText)"
    } else {
      switch field.kind {
      case .added: text = "+ \(path): \(value(field.after))"
      case .removed: text = "- \(path): \(value(field.before))"
      case .changed: text = "~ \(path): \(value(field.before)) → \(value(field.after))"
      }
    }
    if field.forcesReplacement { text += "   (immutable: forces replacement)" }
    return text
  }

  /// A value on one line (JSON), cut at 200 characters.
  static func value(_ value: KValue?) -> String {
    guard let value else { return "null" }
    let json = KValueJSON.compact(value)
    return json.count > 200 ? String(json.prefix(197)) + "…" : json
  }
}

import Foundation

/// The documented skip list in `conformance-skips.json`.
struct ConformanceSkipList {
  struct Rule {
    let kind: String
    let field: String?
    let contains: String?
    let except: [String]
    let pattern: NSRegularExpression?
    let file: String?
    let section: String?
    let test: String?
    let reason: String
  }

  let rules: [Rule]

  static func load() throws -> ConformanceSkipList {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("conformance-skips.json")
    let data = try Data(contentsOf: url)
    let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    var rules: [Rule] = []
    for raw in root["rules"] as? [[String: Any]] ?? [] {
      let pattern = try (raw["pattern"] as? String).map { try NSRegularExpression(pattern: $0) }
      rules.append(
        Rule(
          kind: raw["kind"] as? String ?? "", field: raw["field"] as? String, contains: raw["contains"] as? String,
          except: raw["except"] as? [String] ?? [], pattern: pattern, file: raw["file"] as? String,
          section: raw["section"] as? String, test: raw["test"] as? String, reason: raw["reason"] as? String ?? ""))
    }
    return ConformanceSkipList(rules: rules)
  }

  /// The reason a test is skipped, or nil to run it.
  func reason(file: String, section: String, test: [String: Any]) -> String? {
    let expr = test["expr"] as? String ?? ""
    for rule in rules {
      switch rule.kind {
      case "field":
        if let field = rule.field, test[field] != nil { return rule.reason }
      case "json":
        guard let needle = rule.contains,
          let data = try? JSONSerialization.data(withJSONObject: test),
          let text = String(data: data, encoding: .utf8), text.contains(needle)
        else { continue }
        var stripped = text
        for allowed in rule.except {
          stripped = stripped.replacingOccurrences(of: "\"@type\":\"type.googleapis.com\\/\(allowed)\"", with: "")
          stripped = stripped.replacingOccurrences(of: "\"@type\":\"type.googleapis.com/\(allowed)\"", with: "")
        }
        if stripped.contains("@type") { return rule.reason }
      case "expr":
        if let pattern = rule.pattern,
          pattern.firstMatch(in: expr, range: NSRange(expr.startIndex..., in: expr)) != nil
        {
          return rule.reason
        }
      case "test":
        if rule.file == file, rule.section == nil || rule.section == section,
          rule.test == nil || rule.test == test["name"] as? String
        {
          return rule.reason
        }
      default:
        continue
      }
    }
    return nil
  }
}

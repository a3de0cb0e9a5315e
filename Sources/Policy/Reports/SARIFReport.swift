import Diagnostics
import Foundation

/// Renders a check as SARIF 2.1.0: one run, one rule per policy (and per other diagnostic code),
/// one result per diagnostic with its location and related locations from its notes.
public enum SARIFReport {
  public static func render(_ diagnostics: Diagnostics, outcomes: [PolicyOutcome], toolVersion: String = "0.1.0") -> String {
    let sorted = diagnostics.sorted
    var ruleIDs: [String] = outcomes.map { "policy/\($0.policy)" }
    for d in sorted where !ruleIDs.contains(d.code.rawValue) { ruleIDs.append(d.code.rawValue) }
    let outcomeByRule = Dictionary(outcomes.map { ("policy/\($0.policy)", $0) }, uniquingKeysWith: { a, _ in a })
    let rules: [[String: Any]] = ruleIDs.map { id in
      var rule: [String: Any] = ["id": id]
      if let o = outcomeByRule[id] {
        rule["name"] = o.policy
        rule["shortDescription"] = ["text": "policy \(o.policy) (\(o.scope.rawValue) scope)"]
        rule["defaultConfiguration"] = ["level": level(o.severity)]
        rule["properties"] = ["file": o.file]
      } else {
        rule["shortDescription"] = ["text": id]
      }
      return rule
    }
    let index = Dictionary(ruleIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let results: [[String: Any]] = sorted.map { d in
      var result: [String: Any] = [
        "ruleId": d.code.rawValue, "level": level(d.severity), "message": ["text": d.summary],
      ]
      if let i = index[d.code.rawValue] { result["ruleIndex"] = i }
      if let r = d.range { result["locations"] = [location(r, message: nil)] }
      let related = d.notes.compactMap { n in n.range.map { location($0, message: n.message) } }
      if !related.isEmpty {
        result["relatedLocations"] = related.enumerated().map { i, loc in loc.merging(["id": i]) { a, _ in a } }
      }
      let plain = d.notes.filter { $0.range == nil }.map(\.message)
      if !plain.isEmpty || d.path != nil {
        var props: [String: Any] = [:]
        if !plain.isEmpty { props["notes"] = plain }
        if let p = d.path { props["dataPath"] = p.description }
        result["properties"] = props
      }
      return result
    }
    let log: [String: Any] = [
      "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
      "version": "2.1.0",
      "runs": [[
        "tool": ["driver": ["name": "paved", "informationUri": "https://paved.dev", "version": toolVersion, "rules": rules]],
        "results": results,
        "properties": ["formatVersion": JSONDiagnosticRenderer.formatVersion],
      ]],
    ]
    let data = (try? JSONSerialization.data(withJSONObject: log, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func level(_ s: Severity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .note: return "note"
    }
  }

  static func location(_ r: SourceRange, message: String?) -> [String: Any] {
    var region: [String: Any] = ["startLine": max(1, r.start.line), "startColumn": max(1, r.start.column)]
    if r.end.line >= r.start.line, (r.end.line, r.end.column) > (r.start.line, r.start.column) {
      region["endLine"] = r.end.line
      region["endColumn"] = max(1, r.end.column)
    }
    var loc: [String: Any] = ["physicalLocation": ["artifactLocation": ["uri": r.start.file], "region": region]]
    if let message { loc["message"] = ["text": message] }
    return loc
  }
}

import Diagnostics
import JSONWriting
import Policy

/// Renders a check as SARIF 2.1.0: one run, one rule per policy (and per other diagnostic code),
/// one result per diagnostic with its location and related locations from its notes.
public enum SARIFReport {
  public static func render(_ diagnostics: Diagnostics, outcomes: [PolicyOutcome], toolVersion: String = "0.1.0") -> String {
    let sorted = diagnostics.sorted
    var ruleIDs: [String] = outcomes.map { "policy/\($0.policy)" }
    for d in sorted where !ruleIDs.contains(d.code.rawValue) { ruleIDs.append(d.code.rawValue) }
    let outcomeByRule = Dictionary(outcomes.map { ("policy/\($0.policy)", $0) }, uniquingKeysWith: { a, _ in a })
    let rules: [JSON] = ruleIDs.map { id in
      var rule: [String: JSON] = ["id": .string(id)]
      if let o = outcomeByRule[id] {
        rule["name"] = .string(o.policy)
        rule["shortDescription"] = ["text": .string("policy \(o.policy) (\(o.scope.rawValue) scope)")]
        rule["defaultConfiguration"] = ["level": .string(level(o.severity))]
        rule["properties"] = ["file": .string(o.file)]
      } else {
        rule["shortDescription"] = ["text": .string(id)]
      }
      return .object(rule)
    }
    let index = Dictionary(ruleIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let results: [JSON] = sorted.map { d in
      var result: [String: JSON] = [
        "ruleId": .string(d.code.rawValue), "level": .string(level(d.severity)), "message": ["text": .string(d.summary)],
      ]
      if let i = index[d.code.rawValue] { result["ruleIndex"] = .integer(i) }
      if let r = d.range, let binary = d.binary {
        // A binary file has no lines: SARIF's region says where by byte offset, or the file alone.
        var physical: [String: JSON] = ["artifactLocation": ["uri": .string(r.start.file)]]
        if let offset = binary.byteOffset { physical["region"] = ["byteOffset": .integer(offset)] }
        result["locations"] = [["physicalLocation": .object(physical)]]
      } else if let r = d.range {
        result["locations"] = [location(r, message: nil)]
      }
      let related = d.notes.compactMap { n in n.range.map { location($0, message: n.message) } }
      if !related.isEmpty {
        result["relatedLocations"] = .array(
          related.enumerated().map { i, loc in
            var withID = loc
            withID["id"] = .integer(i)
            return withID
          })
      }
      let plain = d.notes.filter { $0.range == nil }.map(\.message)
      if !plain.isEmpty || d.path != nil {
        var props: [String: JSON] = [:]
        if !plain.isEmpty { props["notes"] = .strings(plain) }
        if let p = d.path { props["dataPath"] = .string(p.description) }
        result["properties"] = .object(props)
      }
      return .object(result)
    }
    let driver: JSON = [
      "name": "paved", "informationUri": "https://paved.dev", "version": .string(toolVersion), "rules": .array(rules),
    ]
    let log: JSON = [
      "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
      "version": "2.1.0",
      "runs": [
        [
          "tool": ["driver": driver],
          "results": .array(results),
          "properties": ["formatVersion": .integer(JSONDiagnosticRenderer.formatVersion)],
        ]
      ],
    ]
    return log.rendered()
  }

  static func level(_ s: Severity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .note: return "note"
    }
  }

  static func location(_ r: SourceRange, message: String?) -> JSON {
    var region: [String: JSON] = ["startLine": .integer(max(1, r.start.line)), "startColumn": .integer(max(1, r.start.column))]
    if r.end.line >= r.start.line, (r.end.line, r.end.column) > (r.start.line, r.start.column) {
      region["endLine"] = .integer(r.end.line)
      region["endColumn"] = .integer(max(1, r.end.column))
    }
    var loc: [String: JSON] = ["physicalLocation": ["artifactLocation": ["uri": .string(r.start.file)], "region": .object(region)]]
    if let message { loc["message"] = ["text": .string(message)] }
    return .object(loc)
  }
}

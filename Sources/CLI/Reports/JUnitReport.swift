import Diagnostics
import Policy
import TextEscaping

/// Renders a check as JUnit XML: one test suite, one test case per policy (failed when it produced
/// an error or warning), plus one case per other error (spec and policy-file problems).
public enum JUnitReport {
  public static func render(_ diagnostics: Diagnostics, outcomes: [PolicyOutcome]) -> String {
    let policyDiagnostics = Set(outcomes.flatMap(\.diagnostics))
    let others = diagnostics.sorted.filter { !policyDiagnostics.contains($0) && $0.severity == .error }
    var cases: [String] = []
    var failures = 0
    for o in outcomes {
      let problems = o.diagnostics.filter { $0.severity != .note }
      var body = ""
      if !problems.isEmpty {
        failures += 1
        let errors = problems.filter { $0.severity == .error }.count
        let type = errors > 0 ? "error" : "warning"
        let text = problems.map(line).joined(separator: "\n")
        body =
          "\n      <failure message=\"\(escape("\(problems.count) violation(s): \(problems[0].summary)"))\" type=\"\(type)\">\(escape(text))</failure>\n    "
      }
      let props = "subjects=\(o.subjects) suppressed=\(o.suppressed)"
      cases.append(
        "    <testcase classname=\"paved.policy\" name=\"\(escape(o.policy))\" file=\"\(escape(o.file))\">\(body)<system-out>\(escape(props))</system-out></testcase>"
      )
    }
    for d in others {
      failures += 1
      cases.append(
        "    <testcase classname=\"paved.input\" name=\"\(escape(d.code.rawValue))\">\n      <failure message=\"\(escape(d.summary))\" type=\"error\">\(escape(line(d)))</failure>\n    </testcase>"
      )
    }
    let total = cases.count
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="paved check" tests="\(total)" failures="\(failures)" errors="0">
        <testsuite name="policies" tests="\(total)" failures="\(failures)" errors="0" skipped="0">
      \(cases.joined(separator: "\n"))
        </testsuite>
      </testsuites>

      """
  }

  static func line(_ d: Diagnostic) -> String {
    var s = "\(d.severity.rawValue)[\(d.code.rawValue)]: \(d.summary)"
    if let r = d.range { s += " at \(r.start)" }
    for n in d.notes { s += "\n  note: \(n.message)" + (n.range.map { " (\($0.start))" } ?? "") }
    return s
  }

  /// XML text escaping; characters XML 1.0 cannot carry are replaced.
  static func escape(_ s: String) -> String { xmlEscapes.escaped(s) }

  private static let xmlEscapes = ScalarEscapes(
    ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;"],
    otherwise: { v in
      let allowed = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
      return allowed ? nil : "\u{FFFD}"
    })
}

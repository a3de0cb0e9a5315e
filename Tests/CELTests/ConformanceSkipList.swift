import Foundation

/// The documented conformance skip list. Each rule says why; the list may only shrink.
/// Rules are checked in order and the first match skips the test.
struct ConformanceSkipList {
  enum Match {
    /// The test sets this field (for example `container`, `typed_result`).
    case field(String)
    /// A binding or expected value is a protobuf message other than Duration/Timestamp.
    case protoMessageValue
    /// The expression matches this regular expression.
    case expr(String)
    /// One named test (`file`, `section`, `test`).
    case test(file: String, section: String, name: String)
  }

  struct Rule {
    let match: Match
    let reason: String
  }

  static let rules: [Rule] = [
    Rule(
      match: .field("container"),
      reason: "a container resolves names against protobuf packages; there are no proto messages here"),
    Rule(match: .field("typed_result"), reason: "typed_result needs the type checker"),
    Rule(match: .field("check_only"), reason: "check_only tests exercise the type checker only"),
    Rule(match: .field("unknown"), reason: "unknown-value tracking is not implemented"),
    Rule(match: .field("any_unknowns"), reason: "unknown-value tracking is not implemented"),
    Rule(
      match: .protoMessageValue,
      reason: "expected value or binding is a protobuf message (only Duration/Timestamp are supported)"),
    Rule(match: .expr("TestAllTypes"), reason: "constructs cel.expr.conformance proto messages"),
    Rule(
      match: .expr("google\\.protobuf\\.[A-Za-z0-9]+\\s*\\{"),
      reason: "constructs protobuf wrapper / well-known-type messages"),
    Rule(
      match: .test(file: "parse", section: "bytes_literals", name: "triple_single_quoted_unescaped_punctuation"),
      reason: "conversion artifact: Python text_format keeps \\? as backslash+? (cel-spec#512); expectation is wrong"),
    Rule(
      match: .test(file: "parse", section: "bytes_literals", name: "triple_double_quoted_unescaped_punctuation"),
      reason: "conversion artifact: Python text_format keeps \\? as backslash+? (cel-spec#512); expectation is wrong"),
  ]

  /// The reason a test is skipped, or nil to run it.
  static func reason(file: String, section: String, test: [String: Any]) -> String? {
    let expr = test["expr"] as? String ?? ""
    for rule in rules {
      switch rule.match {
      case .field(let field):
        if test[field] != nil { return rule.reason }
      case .protoMessageValue:
        if containsProtoMessage(test["value"]) { return rule.reason }
        for binding in (test["bindings"] as? [String: Any] ?? [:]).values where containsProtoMessage(binding) {
          return rule.reason
        }
      case .expr(let pattern):
        if expr.range(of: pattern, options: .regularExpression) != nil { return rule.reason }
      case .test(let f, let s, let name):
        if f == file && s == section && name == test["name"] as? String { return rule.reason }
      }
    }
    return nil
  }

  private static func containsProtoMessage(_ value: Any?) -> Bool {
    switch value {
    case let object as [String: Any]:
      if let type = object["@type"] as? String {
        return !(type.hasSuffix("google.protobuf.Duration") || type.hasSuffix("google.protobuf.Timestamp"))
      }
      return object.values.contains { containsProtoMessage($0) }
    case let array as [Any]:
      return array.contains { containsProtoMessage($0) }
    default:
      return false
    }
  }
}

import Diagnostics
import SpecSyntax

/// `policies/tests/<policy>/<case>.yaml`: one test case of one policy.
public struct PolicyTestDocument: Sendable {
  public var file: String
  public var name: Located<String>?
  /// The `platform` value, written out (platform scope).
  public var platform: LocatedNode?
  /// A platform.yaml to compile (path relative to the test file); its platform and objects are the input.
  public var platformFile: Located<String>?
  /// Objects (object scope: each one is checked; platform scope: bound as `objects`).
  public var objects: LocatedNode?
  /// The day exceptions are compared against (default: 2000-01-01 is never used; today's date is).
  public var today: Located<PolicyDate>?
  /// `pass`, `fail` or `error`.
  public var expect: Located<String>?
  /// Exact violation messages expected (any order), when given.
  public var messages: [Located<String>]?
  public var range: SourceRange
}

extension SpecDecoder {
  /// Decodes a located policy test case.
  public func decodePolicyTest(_ root: LocatedNode, file: String) -> PolicyTestDocument? {
    guard let (top, name) = header(root, kind: "PolicyTest", file: file), let specNode = top["spec"] else { return nil }
    var doc = PolicyTestDocument(file: file, name: name, range: specNode.range)
    guard
      let m = mapping(
        specNode, path: top.path("spec"), rule: .policyTest("spec"), what: "a policy test")
    else { return doc }
    doc.platform = m["platform"]
    if let p = m["platform"], p.entries == nil { typeMismatch(p, path: m.path("platform"), expected: "a mapping (the platform value)") }
    doc.platformFile = m.decode("platformFile", nonEmptyString)
    doc.objects = m["objects"]
    if let o = m["objects"], o.items == nil { typeMismatch(o, path: m.path("objects"), expected: "a list of objects") }
    let inputs = ["platform", "platformFile", "objects"].filter { m[$0] != nil }
    if inputs.isEmpty {
      report(.error(.missingKey, "a policy test needs an input: platform, platformFile or objects", at: specNode.range, path: m.path))
    }
    if m["platform"] != nil, m["platformFile"] != nil {
      report(.error(.invalidValue, "give platform or platformFile, not both", at: specNode.range, path: m.path("platformFile")))
    }
    doc.today = m.decode("today") { node, p in
      guard let text = string(node, path: p) else { return nil }
      guard let date = PolicyDate.parse(text.value) else {
        report(.error(.invalidValue, "today must be a date YYYY-MM-DD, found '\(text.value)'", at: text.range, path: p))
        return nil
      }
      return Located(date, range: text.range, path: p)
    }
    if let e = m["expect"], let expect = mapping(e, path: m.path("expect"), rule: .policyTest("spec.expect"), what: "expect") {
      doc.expect = expect.decode("result") { oneOf($0, path: $1, allowed: ["pass", "fail", "error"]) }
      doc.messages = expect.decode("messages") { list($0, path: $1, item: string) }
    }
    return doc
  }
}

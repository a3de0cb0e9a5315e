import JSONWriting

extension SpecSchema {
  /// `policies/<name>.yaml`.
  public static func policy() -> JSON { published(policyStructure()) }

  /// `policies/tests/<policy>/<case>.yaml`.
  public static func policyTest() -> JSON { published(policyTestStructure()) }

  static func policyStructure() -> JSON {
    let names = described(list(string), "Names; an empty list matches nothing.")
    return document(
      kind: "Policy", title: "Paved policy (policies/<name>.yaml)",
      spec: object(
        [
          "scope": described(
            enumeration(["platform", "object"]),
            "platform: the rules see the whole platform once (`platform`); object: they see each emitted object of match.kinds (`object`, and `platform`), and are enforced at admission too."
          ),
          "severity": described(enumeration(["error", "warning"]), "error fails paved check; warning is reported only."),
          "match": described(
            object(
              [
                "kinds": described(list(string), "Kubernetes kinds the rules see, e.g. InferenceService."),
                "namespaces": described(
                  ["oneOf": [enumeration(["tenants", "all"]), list(string)]],
                  "tenants (the tenants' namespaces, the default), all, or a list of namespaces."),
              ], required: ["kinds"]),
            "Which objects an object-scope policy sees."),
          "variables": described(
            list(
              object(
                [
                  "name": described(["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"], "A CEL identifier, used as variables.<name>."),
                  "expression": described(string, "A CEL expression."),
                ], required: ["name", "expression"])),
            "Named CEL expressions the rules may use, evaluated in order."),
          "rules": described(
            ["type": "array", "minItems": 1, "items": rule],
            "CEL expressions that must all be true; each failing one is a finding."),
          "exceptions": described(
            list(
              object(
                [
                  "match": object(["rules": names, "kinds": names, "namespaces": names, "names": names]),
                  "reason": described(string, "Why the exception is granted."),
                  "owner": described(owner, "Who answers for it: group:<name> or user:<name>."),
                  "expires": described(date, "The last day it applies (YYYY-MM-DD); after it, paved check fails again."),
                ], required: ["match", "reason", "owner", "expires"])),
            "Findings waived, each with a reason, an owner and an end date."),
        ], required: ["scope", "severity", "rules"]))
  }

  static func policyTestStructure() -> JSON {
    document(
      kind: "PolicyTest", title: "Paved policy test (policies/tests/<policy>/<case>.yaml)",
      spec: object(
        [
          "platform": described(["type": "object"], "The platform value the policy sees (as CEL's `platform`), written out."),
          "platformFile": described(string, "A platform.yaml whose compiled platform the policy sees instead."),
          "objects": described(list(["type": "object"]), "Kubernetes objects an object-scope policy sees."),
          "today": described(date, "The date exceptions are checked against (YYYY-MM-DD)."),
          "expect": object(
            [
              "result": described(enumeration(["pass", "fail", "error"]), "What the policy must give."),
              "messages": described(list(["type": "string"]), "The findings' messages, exactly."),
            ], required: ["result"]),
        ], required: ["expect"]))
  }

  static var rule: JSON {
    object(
      [
        "name": described(string, "The rule's name in findings and exceptions."),
        "expression": described(string, "A CEL expression that is true when the rule holds."),
        "message": described(string, "The finding's message."),
        "messageExpression": described(string, "A CEL expression giving the finding's message (instead of message)."),
      ], required: ["expression"])
  }

  static var date: JSON { ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"] }

  /// `schema` with a description, which editors show as help.
  static func described(_ schema: JSON, _ text: String) -> JSON {
    var out = schema
    out["description"] = .string(text)
    return out
  }
}

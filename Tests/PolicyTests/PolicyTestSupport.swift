import Diagnostics
import Policy
import SpecAST
import SpecSyntax

/// Compiles one policy from text; returns the policy (nil when broken) and every diagnostic.
func compilePolicy(_ text: String, file: String = "policies/p.yaml") -> (policy: CompiledPolicy?, diagnostics: [Diagnostic]) {
  var set = PolicySet()
  set.load(Array(text.utf8), file: file)
  return (set.policies.first, set.diagnostics)
}

/// A policy document around `spec` (indented by the caller, two spaces).
func policyText(_ spec: String, name: String = "p") -> String {
  "apiVersion: paved.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: \(name)\nspec:\n" + spec
}

let day = PolicyDate(year: 2026, month: 12, day: 1)

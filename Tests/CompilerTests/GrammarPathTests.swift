import Foundation
import TestSupport
import XCTest

@testable import SpecAST

/// The decoders name the mappings they open by grammar path (`rule: .platform("spec.tenants[]")`); each
/// path must be one the schema has, or that mapping would accept no key at all.
final class GrammarPathTests: XCTestCase {
  func testEveryGrammarPathTheDecodersNameIsInTheSchema() throws {
    let dir = RepoPaths.packageRoot.appendingPathComponent("Sources/SpecAST")
    let pattern = try NSRegularExpression(pattern: #"rule: \.(platform|environment|policy|policyTest)\("([^"]*)"\)"#)
    var seen = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
      let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let document = String(text[Range(match.range(at: 1), in: text)!])
        let path = String(text[Range(match.range(at: 2), in: text)!])
        let table: [String: MappingRule] =
          switch document {
          case "platform": SpecGrammar.platform
          case "environment": SpecGrammar.environment
          case "policy": SpecGrammar.policy
          default: SpecGrammar.policyTest
          }
        XCTAssertNotNil(table[path], "\(name): no mapping '\(path)' in the \(document) schema")
        XCTAssertFalse(table[path]?.known.isEmpty ?? true, "\(name): '\(path)' has no keys")
        seen += 1
      }
    }
    XCTAssertGreaterThan(seen, 40, "the decoders' grammar paths were not found")
  }

  /// The grammar as the decoders see it: keys in the order written, required keys, a `oneOf` merged.
  func testRulesKeepTheSchemasOrderAndMergeOneOf() {
    XCTAssertEqual(
      SpecGrammar.platform[""], MappingRule(known: ["apiVersion", "kind", "metadata", "spec"], required: ["apiVersion", "kind", "metadata", "spec"]))
    XCTAssertEqual(SpecGrammar.platform["spec.tenants[].quota"], MappingRule(known: ["cpu", "memory", "gpus"], required: ["cpu", "memory"]))
    XCTAssertEqual(SpecGrammar.platform["spec.models[].contract.security.signers[]"], MappingRule(known: ["publicKey", "certificate"]))
    XCTAssertEqual(SpecGrammar.environment["spec.models{}"]?.required, ["version", "artifact", "digest"])
    XCTAssertNil(SpecGrammar.platform["spec.tenants"], "a list is not a mapping")
  }

  /// The published schema carries no grammar bookkeeping.
  func testPublishedSchemasHaveNoKeyOrder() {
    for schema in [SpecSchema.platform(), SpecSchema.environment(), SpecSchema.policy(), SpecSchema.policyTest()] {
      XCTAssertFalse(SpecSchema.render(schema).contains(SpecSchema.keyOrder))
    }
  }
}

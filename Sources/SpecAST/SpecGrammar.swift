import JSONWriting

/// What a mapping of the spec may hold: its keys in the grammar's order (the order an "expected one
/// of" note lists them in) and the keys it must have.
public struct MappingRule: Sendable, Equatable {
  public let known: [String]
  public let required: [String]

  public init(known: [String], required: [String] = []) {
    self.known = known
    self.required = required
  }

  /// A document's mapping at a grammar path (see `SpecGrammar`). A path the schema lacks is a bug in
  /// Paved, not in the input: the rule then accepts no key, so every key is reported
  /// (`GrammarPathTests` resolves every path the decoders name).
  static func platform(_ path: String) -> MappingRule { SpecGrammar.platform[path] ?? unresolved }
  static func environment(_ path: String) -> MappingRule { SpecGrammar.environment[path] ?? unresolved }
  static func policy(_ path: String) -> MappingRule { SpecGrammar.policy[path] ?? unresolved }
  static func policyTest(_ path: String) -> MappingRule { SpecGrammar.policyTest[path] ?? unresolved }

  private static let unresolved = MappingRule(known: [])
}

/// The decoders' key lists, read from `SpecSchema`: the grammar is written once, as the JSON Schema,
/// and a decoder asks for the mapping at a grammar path (`spec.tenants[].quota`: `[]` steps into a
/// list's items, `{}` into a map's values; the document's root is ``). A `oneOf` of mappings is one
/// mapping with every branch's keys, required where all branches require them.
enum SpecGrammar {
  static let platform = rules(SpecSchema.platformStructure())
  static let environment = rules(SpecSchema.environmentStructure())
  static let policy = rules(SpecSchema.policyStructure())
  static let policyTest = rules(SpecSchema.policyTestStructure())

  /// Every mapping of `schema`, by grammar path.
  static func rules(_ schema: JSON) -> [String: MappingRule] {
    var out: [String: MappingRule] = [:]
    collect(schema, path: "", into: &out)
    return out
  }

  private static func collect(_ node: JSON, path: String, into out: inout [String: MappingRule]) {
    if case .array(let branches)? = node["oneOf"] {
      let mappings = branches.compactMap(mapping)
      if !mappings.isEmpty {
        var known: [String] = []
        for m in mappings { known += m.known.filter { !known.contains($0) } }
        let required = mappings[0].required.filter { key in mappings.allSatisfy { $0.required.contains(key) } }
        out[path] = MappingRule(known: known, required: required)
      }
      // The branches' own keys are the merged mapping's; only their values are walked.
      for branch in branches { collectProperties(of: branch, path: path, into: &out) }
    }
    if let rule = mapping(node) {
      out[path] = rule
      collectProperties(of: node, path: path, into: &out)
    }
    if let items = node["items"] { collect(items, path: path + "[]", into: &out) }
    if let values = node["additionalProperties"], case .object = values { collect(values, path: path + "{}", into: &out) }
  }

  private static func collectProperties(of node: JSON, path: String, into out: inout [String: MappingRule]) {
    for key in mapping(node)?.known ?? [] {
      if let child = node["properties"]?[key] { collect(child, path: path.isEmpty ? key : path + "." + key, into: &out) }
    }
  }

  /// A closed mapping's keys (in the order `SpecSchema.object` kept) and its required keys.
  private static func mapping(_ node: JSON) -> MappingRule? {
    guard case .array(let order)? = node[SpecSchema.keyOrder] else { return nil }
    let known = order.compactMap { if case .string(let key) = $0 { key } else { nil } }
    var required: [String] = []
    if case .array(let names)? = node["required"] {
      required = names.compactMap { if case .string(let key) = $0 { key } else { nil } }
    }
    return MappingRule(known: known, required: required)
  }
}

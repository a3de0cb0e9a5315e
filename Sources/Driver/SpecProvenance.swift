import Compiler
import Diagnostics
import Planning
import SpecAST

/// Which spec fields each change of a plan comes from: the fields of the change's spec object (the
/// tenant, model, pool or pin it was rendered from, found by its origin) that differ between the base
/// and the head documents; when that object did not change, the platform-wide settings that did.
///
/// Fields are compared by their path relative to their object, so a tenant moved within the list is
/// not "changed". Only the objects of the plan's changes are walked (each once), so the cost follows
/// the plan, not the spec.
struct SpecProvenance {
  private let head: CheckInput
  private let base: CheckInput
  private var objectCauses: [ObjectKey: [Change.Cause]] = [:]
  private var settingsCauses: [Change.Cause]?

  init(head: CheckInput, base: CheckInput) {
    self.head = head
    self.base = base
  }

  /// `changes` with their causes filled in where they can be told.
  mutating func annotate(_ changes: [Change]) -> [Change] {
    // Only the objects the changes come from are looked up: one pass over each side's lists.
    let headObjects = Self.objects(head, origins: Set(changes.compactMap { $0.action == .delete ? nil : $0.origin }))
    let baseObjects = Self.objects(base, origins: Set(changes.compactMap { $0.action == .delete ? $0.origin : nil }))
    let keys = Set(headObjects.values).union(baseObjects.values)
    let headNodes = Self.nodes(head, keys)
    let baseNodes = Self.nodes(base, keys)
    return changes.map { change in
      var change = change
      guard let origin = change.origin, let key = (change.action == .delete ? baseObjects : headObjects)[origin] else { return change }
      change.causes = causes(key, head: headNodes[key], base: baseNodes[key])
      return change
    }
  }

  private mutating func causes(_ key: ObjectKey, head new: Node?, base old: Node?) -> [Change.Cause] {
    if let known = objectCauses[key] { return known.isEmpty ? settings() : known }
    var found: [Change.Cause]
    switch (new, old) {
    case (let new?, let old?): found = Self.diff(old, new)
    case (let new?, nil): found = [Change.Cause(location: new.location, path: new.path, kind: .added)]
    case (nil, let old?): found = [Change.Cause(location: old.location, path: old.path, kind: .removed)]
    case (nil, nil): found = []
    }
    objectCauses[key] = found
    return found.isEmpty ? settings() : found
  }

  /// The platform-wide settings that differ (computed once).
  private mutating func settings() -> [Change.Cause] {
    if let settingsCauses { return settingsCauses }
    let found = Self.diff(Self.settings(base), Self.settings(head))
    settingsCauses = found
    return found
  }

  /// The leaves that differ: changed or added in the head (head positions), removed (base positions).
  static func diff(_ old: Node, _ new: Node) -> [Change.Cause] {
    let before = SpecLeaves.collect(old)
    let after = SpecLeaves.collect(new)
    var out: [Change.Cause] = []
    for (key, leaf) in after.sorted(by: { $0.value.location < $1.value.location }) {
      guard let previous = before[key] else {
        out.append(Change.Cause(location: leaf.location, path: leaf.path, kind: .added))
        continue
      }
      if previous.text != leaf.text { out.append(Change.Cause(location: leaf.location, path: leaf.path, kind: .changed)) }
    }
    for (key, leaf) in before.sorted(by: { $0.value.location < $1.value.location }) where after[key] == nil {
      out.append(Change.Cause(location: leaf.location, path: leaf.path, kind: .removed))
    }
    return out
  }

  /// A spec object: what renders one group of outputs.
  enum ObjectKey: Hashable {
    case tenant(String)
    case model(String)
    case pool(String)
    case pin(environment: String, model: String)
  }

  /// An object's decoded node, where it starts, and its data path.
  struct Node {
    var value: Any
    var location: SourceLocation
    var path: String
  }

  /// The objects whose origin (the range the lowering gives them: their name's) is one of `origins`.
  private static func objects(_ input: CheckInput, origins: Set<SourceRange>) -> [SourceRange: ObjectKey] {
    var out: [SourceRange: ObjectKey] = [:]
    guard !origins.isEmpty else { return out }
    let spec = input.platform.spec
    func add(_ key: ObjectKey, _ origin: SourceRange) { if origins.contains(origin) { out[origin] = key } }
    for tenant in spec.tenants { if let name = tenant.name?.value { add(.tenant(name), tenant.name?.range ?? tenant.range) } }
    for model in spec.models { if let name = model.name?.value { add(.model(name), model.name?.range ?? model.range) } }
    for pool in spec.gpuPools { if let name = pool.name?.value { add(.pool(name), pool.name?.range ?? pool.range) } }
    for (environment, document) in input.environments {
      for pin in document.models { add(.pin(environment: environment, model: pin.key.value), pin.key.range) }
    }
    return out
  }

  /// The decoded nodes of `keys` on one side (absent keys: not on this side).
  private static func nodes(_ input: CheckInput, _ keys: Set<ObjectKey>) -> [ObjectKey: Node] {
    var out: [ObjectKey: Node] = [:]
    guard !keys.isEmpty else { return out }
    let spec = input.platform.spec
    for tenant in spec.tenants {
      if let name = tenant.name?.value, keys.contains(.tenant(name)) {
        out[.tenant(name)] = Node(value: tenant, location: tenant.range.start, path: tenant.path.description)
      }
    }
    for model in spec.models {
      if let name = model.name?.value, keys.contains(.model(name)) {
        out[.model(name)] = Node(value: model, location: model.range.start, path: model.path.description)
      }
    }
    for pool in spec.gpuPools {
      if let name = pool.name?.value, keys.contains(.pool(name)) {
        out[.pool(name)] = Node(value: pool, location: pool.range.start, path: pool.path.description)
      }
    }
    for (environment, document) in input.environments {
      for pin in document.models where keys.contains(.pin(environment: environment, model: pin.key.value)) {
        out[.pin(environment: environment, model: pin.key.value)] = Node(
          value: pin.value, location: pin.value.range.start, path: pin.value.path.description)
      }
    }
    return out
  }

  /// Everything the emitters read that is not an object of its own, keyed by part, so each
  /// environment file's fields compare with the same environment's.
  private static func settings(_ input: CheckInput) -> Node {
    let spec = input.platform.spec
    var shared: [(String, Any)] = [
      ("", spec.kubernetesVersion as Any), ("", spec.gitops as Any), ("", spec.network as Any), ("", spec.allowedSources as Any),
      ("", spec.observability as Any), ("", spec.gpuPools), ("", spec.environments),
    ]
    for environment in input.environments.keys.sorted() {
      shared.append(("environment \(environment): ", input.environments[environment]?.cluster as Any))
    }
    return Node(value: shared, location: spec.range.start, path: "")
  }
}

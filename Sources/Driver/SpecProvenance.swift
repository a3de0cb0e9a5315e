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
  private let head: Index
  private let base: Index
  private var objectCauses: [ObjectKey: [Change.Cause]] = [:]
  private var settingsCauses: [Change.Cause]?

  init(head: CheckInput, base: CheckInput) {
    self.head = Index(head)
    self.base = Index(base)
  }

  /// `changes` with their causes filled in where they can be told.
  mutating func annotate(_ changes: [Change]) -> [Change] {
    changes.map { change in
      var change = change
      change.causes = causes(of: change)
      return change
    }
  }

  private mutating func causes(of change: Change) -> [Change.Cause] {
    guard let origin = change.origin else { return [] }
    let deleted = change.action == .delete
    guard let key = (deleted ? base : head).objects[origin] else { return [] }
    if let known = objectCauses[key] { return known.isEmpty ? settings() : known }
    var found: [Change.Cause]
    switch (head.nodes[key], base.nodes[key]) {
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
    let found = Self.diff(base.settings, head.settings)
    settingsCauses = found
    return found
  }

  /// The leaves that differ: changed or added in the head (head positions), removed (base positions).
  static func diff(_ old: Node, _ new: Node) -> [Change.Cause] {
    let before = SpecLeaves.collect(old), after = SpecLeaves.collect(new)
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
    case tenant(String), model(String), pool(String), pin(environment: String, model: String)
  }

  /// An object's decoded node, where it starts, and its data path.
  struct Node {
    var value: Any
    var location: SourceLocation
    var path: String
  }

  /// One side's objects: by the origin the lowering gives them (their name's range), and by key.
  private struct Index {
    var objects: [SourceRange: ObjectKey] = [:]
    var nodes: [ObjectKey: Node] = [:]
    /// Everything the emitters read that is not an object of its own.
    var settings = Node(value: (), location: SourceLocation(file: "", line: 0, column: 0), path: "")

    init(_ input: CheckInput) {
      let spec = input.platform.spec
      func add(_ key: ObjectKey, origin: SourceRange, _ value: Any, range: SourceRange, path: DataPath) {
        objects[origin] = key
        nodes[key] = Node(value: value, location: range.start, path: path.description)
      }
      for tenant in spec.tenants {
        guard let name = tenant.name?.value else { continue }
        add(.tenant(name), origin: tenant.name?.range ?? tenant.range, tenant, range: tenant.range, path: tenant.path)
      }
      for model in spec.models {
        guard let name = model.name?.value else { continue }
        add(.model(name), origin: model.name?.range ?? model.range, model, range: model.range, path: model.path)
      }
      for pool in spec.gpuPools {
        guard let name = pool.name?.value else { continue }
        add(.pool(name), origin: pool.name?.range ?? pool.range, pool, range: pool.range, path: pool.path)
      }
      for (environment, document) in input.environments {
        for pin in document.models {
          add(.pin(environment: environment, model: pin.key.value), origin: pin.key.range, pin.value, range: pin.value.range, path: pin.value.path)
        }
      }
      // Keyed by part, so each environment file's fields compare with the same environment's.
      var shared: [(String, Any)] = [
        ("", spec.kubernetesVersion as Any), ("", spec.gitops as Any), ("", spec.network as Any), ("", spec.allowedSources as Any),
        ("", spec.observability as Any), ("", spec.gpuPools), ("", spec.environments),
      ]
      for environment in input.environments.keys.sorted() {
        shared.append(("environment \(environment): ", input.environments[environment]?.cluster as Any))
      }
      settings = Node(value: shared, location: spec.range.start, path: "")
    }
  }
}

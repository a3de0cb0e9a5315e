import Artifacts

/// Diffs two artifact sets into a `Plan`.
///
/// Objects are matched by scope (the output directory: one cluster or sync root) plus identity
/// (apiVersion, kind, namespace, name); files without an object are matched by path. A matched
/// object whose immutable field changed is a `replace`; one that only moved to another file is
/// an `update` with `previousPath`.
public struct Planner: Sendable {
  public var immutable: ImmutableFields
  public var sensitive: SensitiveFields

  public init(immutable: ImmutableFields = .kubernetes, sensitive: SensitiveFields = .kubernetes) {
    self.immutable = immutable
    self.sensitive = sensitive
  }

  /// The plan from `base` (nil: nothing exists yet, everything is a create) to `head`.
  public func diff(base: ArtifactSet?, head: ArtifactSet) -> Plan {
    let old = base?.artifacts ?? []
    let new = head.artifacts
    // Fast path: both sets are sorted by path, and most files keep their path and bytes.
    var leftoverOld: [Artifact] = []
    var leftoverNew: [Artifact] = []
    var unchanged = 0
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if i < old.count && j < new.count && old[i].path == new[j].path {
        if old[i].contents == new[j].contents {
          unchanged += 1
        } else {
          leftoverOld.append(old[i])
          leftoverNew.append(new[j])
        }
        i += 1
        j += 1
      } else if j == new.count || (i < old.count && old[i].path < new[j].path) {
        leftoverOld.append(old[i])
        i += 1
      } else {
        leftoverNew.append(new[j])
        j += 1
      }
    }
    var oldByKey: [Key: Int] = [:]
    for (index, artifact) in leftoverOld.enumerated() { oldByKey[Key(artifact)] = index }
    var matched = [Bool](repeating: false, count: leftoverOld.count)
    var changes: [Change] = []
    for artifact in leftoverNew {
      let key = Key(artifact)
      if let index = oldByKey[key], !matched[index] {
        matched[index] = true
        if var change = compare(leftoverOld[index], artifact, scope: key.scope) {
          change.origin = artifact.origin ?? leftoverOld[index].origin
          changes.append(change)
        } else {
          unchanged += 1
        }
      } else {
        var change = Change(
          action: .create, scope: key.scope, identity: artifact.identity, path: artifact.path,
          after: artifact.object.map { redacted($0, artifact) })
        change.origin = artifact.origin
        changes.append(change)
      }
    }
    for (index, artifact) in leftoverOld.enumerated() where !matched[index] {
      let before = artifact.object
      var change = Change(
        action: Self.isRetained(before) ? .retain : .delete, scope: Key(artifact).scope, identity: artifact.identity, path: artifact.path,
        before: before.map { redacted($0, artifact) })
      change.origin = artifact.origin
      changes.append(change)
    }
    changes.sort(by: Self.order)
    return Plan(changes: changes, unchangedCount: unchanged)
  }

  /// Whether the GitOps engine keeps the object when it leaves git: Argo CD's `Prune=false` sync
  /// option, or Flux's `kustomize.toolkit.fluxcd.io/prune: disabled`.
  static func isRetained(_ object: KValue?) -> Bool {
    guard let annotations = object?[path: "metadata.annotations"]?.map else { return false }
    if let options = annotations["argocd.argoproj.io/sync-options"]?.string,
      options.split(separator: ",").contains(where: { $0.filter { $0 != " " } == "Prune=false" })
    {
      return true
    }
    return annotations["kustomize.toolkit.fluxcd.io/prune"]?.string == "disabled"
  }

  /// The change between two artifacts with the same key, or nil when they are the same.
  private func compare(_ old: Artifact, _ new: Artifact, scope: String) -> Change? {
    let moved = old.path != new.path ? old.path : nil
    if old.contents == new.contents {
      guard let moved else { return nil }
      return Change(
        action: .update, scope: scope, identity: new.identity, path: new.path, previousPath: moved,
        before: old.object.map { redacted($0, old) }, after: new.object.map { redacted($0, new) })
    }
    guard let before = old.object, let after = new.object else {
      return Change(action: .update, scope: scope, identity: new.identity, path: new.path, previousPath: moved, contentsChanged: true)
    }
    let kind = new.identity?.kind ?? after["kind"]?.string ?? ""
    let fields = FieldDiff.diff(before, after, kind: kind, immutable: immutable, sensitive: sensitive)
    if fields.isEmpty && moved == nil {
      // Same value tree, different bytes: only the rendering changed (e.g. a writer upgrade).
      return Change(action: .update, scope: scope, identity: new.identity, path: new.path, contentsChanged: true)
    }
    let action: Action = fields.contains(where: \.forcesReplacement) ? .replace : .update
    return Change(
      action: action, scope: scope, identity: new.identity, path: new.path, previousPath: moved,
      before: sensitive.redact(before, kind: kind), after: sensitive.redact(after, kind: kind), fields: fields)
  }

  private func redacted(_ object: KValue, _ artifact: Artifact) -> KValue {
    sensitive.redact(object, kind: artifact.identity?.kind ?? object["kind"]?.string ?? "")
  }

  /// Plan order: scope, then objects by identity, then files without an object by path.
  static func order(_ l: Change, _ r: Change) -> Bool {
    if l.scope != r.scope { return l.scope < r.scope }
    switch (l.identity, r.identity) {
    case (let a?, let b?):
      if a != b { return a < b }
    case (nil, .some): return false
    case (.some, nil): return true
    case (nil, nil): break
    }
    if l.path != r.path { return l.path < r.path }
    return l.action < r.action
  }

  /// How artifacts are matched across the two sets.
  struct Key: Hashable {
    var scope: String
    var identity: ObjectIdentity?
    var path: String?

    init(_ artifact: Artifact) {
      scope = String(artifact.path.prefix { $0 != "/" })
      identity = artifact.identity
      path = artifact.identity == nil ? artifact.path : nil
    }
  }
}

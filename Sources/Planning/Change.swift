import Artifacts
import Diagnostics

/// What a plan does to one object. A closed set: renderers switch over it exhaustively.
public enum Action: String, Sendable, Hashable, CaseIterable, Comparable {
  /// The object is new in the head revision.
  case create
  /// The object exists in both and some field (or only its file path) changed.
  case update
  /// An immutable field changed: the object must be deleted and created again.
  case replace
  /// The object is gone from the head revision.
  case delete
  /// The object is gone from the head revision, but the GitOps engine keeps it in the cluster: it
  /// carries Argo CD's `Prune=false` or Flux's `prune: disabled` (Paved's Namespaces, unless the spec
  /// opts in to deleting them).
  case retain

  /// Order in summaries and reports: the destructive actions first.
  var rank: Int {
    switch self {
    case .delete: return 0
    case .replace: return 1
    case .retain: return 2
    case .update: return 3
    case .create: return 4
    }
  }

  public static func < (l: Action, r: Action) -> Bool { l.rank < r.rank }
}

/// One changed field of an object, found by comparing the two value trees.
public struct FieldChange: Sendable, Equatable {
  /// How the field changed.
  public enum Kind: String, Sendable, Equatable {
    case added, removed, changed
  }

  /// Where in the object, e.g. `spec.hard["requests.cpu"]` or `spec.template.containers[2]`.
  public var path: DataPath
  public var kind: Kind
  /// The old value; nil when the field was added or when it is sensitive.
  public var before: KValue?
  /// The new value; nil when the field was removed or when it is sensitive.
  public var after: KValue?
  /// True when the value is secret: renderers print "(sensitive value changed)" and never the values.
  public var sensitive: Bool
  /// True when the field is immutable for the object's kind, so the change forces a replacement.
  public var forcesReplacement: Bool

  public init(path: DataPath, kind: Kind, before: KValue?, after: KValue?, sensitive: Bool = false, forcesReplacement: Bool = false) {
    self.path = path
    self.kind = kind
    self.sensitive = sensitive
    self.before = sensitive ? nil : before
    self.after = sensitive ? nil : after
    self.forcesReplacement = forcesReplacement
  }
}

/// One planned change to one object (or, for files without an object, to one file).
///
/// `before` and `after` are already redacted: a `Change` never holds a secret value, so no
/// renderer can leak one.
public struct Change: Sendable {
  public var action: Action
  /// The output directory the object belongs to (an environment, or `gitops`): each one is a
  /// different cluster or sync root, so the same identity in two scopes is two objects.
  public var scope: String
  /// The object's identity; nil for a file that holds no Kubernetes object (keyed by path).
  public var identity: ObjectIdentity?
  /// The file path (under the output root) in the head revision; the base path for deletions.
  public var path: String
  /// The base path when the object moved to another file.
  public var previousPath: String?
  /// The object in the base revision, redacted; nil for creations.
  public var before: KValue?
  /// The object in the head revision, redacted; nil for deletions.
  public var after: KValue?
  /// Field-level differences, in document order (empty for creations and deletions).
  public var fields: [FieldChange]
  /// For a file without an object: its bytes changed (nothing more is known or shown).
  public var contentsChanged: Bool
  /// The spec position the object was rendered from (the head's; the base's for a deletion), so a
  /// reviewer sees which line of the spec causes the change.
  public var origin: SourceRange?
  /// The spec fields that differ between base and head and that the object is rendered from, where
  /// they are known: "platform.yaml:45 spec.tenants[2].quota.cpu". Empty: only `origin` is known.
  public var causes: [Cause] = []

  /// One spec field behind a change.
  public struct Cause: Sendable, Hashable {
    public enum Kind: String, Sendable { case changed, added, removed }
    /// Where the field is: in the head, or in the base for a removed field.
    public var location: SourceLocation
    /// Its data path, e.g. `spec.tenants[2].quota.cpu`.
    public var path: String
    public var kind: Kind

    public init(location: SourceLocation, path: String, kind: Kind) {
      self.location = location
      self.path = path
      self.kind = kind
    }

    /// "platform.yaml:45 spec.tenants[2].quota.cpu", with "(removed)" / "(added)" when not a change.
    public var description: String {
      "\(location.file):\(location.line) \(path)" + (kind == .changed ? "" : " (\(kind.rawValue))")
    }
  }

  public init(
    action: Action, scope: String, identity: ObjectIdentity?, path: String, previousPath: String? = nil,
    before: KValue? = nil, after: KValue? = nil, fields: [FieldChange] = [], contentsChanged: Bool = false
  ) {
    self.action = action
    self.scope = scope
    self.identity = identity
    self.path = path
    self.previousPath = previousPath
    self.before = before
    self.after = after
    self.fields = fields
    self.contentsChanged = contentsChanged
  }

  /// "because platform.yaml:45 spec.tenants[2].quota.cpu" (the fields behind it, at most three named),
  /// else "because platform.yaml:45:7" (the object's origin), or nil when neither is known.
  public var because: String? {
    guard !causes.isEmpty else { return origin.map { "because \($0.start)" } }
    let named = causes.prefix(3).map(\.description).joined(separator: ", ")
    return "because " + named + (causes.count > 3 ? " and \(causes.count - 3) more" : "")
  }

  /// The fields whose change forces the replacement (empty unless `action == .replace`).
  public var replacementReasons: [DataPath] { fields.filter(\.forcesReplacement).map(\.path) }

  /// "prod: kueue.x-k8s.io/v1beta2 LocalQueue team-a-prod/default", or "prod: file prod/kustomization.yaml".
  public var title: String {
    if let identity { return "\(scope): \(identity)" }
    return "\(scope): file \(path)"
  }

  /// A compact name: "LocalQueue team-a-prod/default" (the kind and the namespaced name).
  public var shortName: String {
    guard let identity else { return path }
    return identity.kind + " " + (identity.namespace.map { "\($0)/" } ?? "") + identity.name
  }
}

import Artifacts

/// Which fields hold secret values. Values under them never enter a `Change`: the field diff
/// records only that they changed, and `before`/`after` carry a placeholder instead.
///
/// Built in: every value under a `Secret`'s `data` and `stringData`. Callers add their own
/// rules for fields the spec marks sensitive (`SensitiveFields.Rule(kind: nil, keys: …)`
/// matches every kind). Key names stay visible (which key changed is not a secret); values never.
public struct SensitiveFields: Sendable {
  /// One rule: a field (as map keys) of one kind, or of every kind when `kind` is nil.
  public struct Rule: Sendable, Hashable {
    public var kind: String?
    public var keys: [String]
    public init(kind: String?, keys: [String]) {
      self.kind = kind
      self.keys = keys
    }
  }

  public var rules: [Rule]

  public init(rules: [Rule]) { self.rules = rules }

  /// What replaces a sensitive value in `before`/`after`.
  public static let placeholder = KValue.string("(sensitive)")
  /// What renderers print for a changed sensitive field.
  public static let changedText = "(sensitive value changed)"

  /// Secret `data` and `stringData`.
  public static let kubernetes = SensitiveFields(rules: [
    Rule(kind: "Secret", keys: ["data"]),
    Rule(kind: "Secret", keys: ["stringData"]),
  ])

  /// This set plus `more`.
  public func adding(_ more: [Rule]) -> SensitiveFields { SensitiveFields(rules: rules + more) }

  /// The length of the sensitive root `keys` starts with (e.g. 1 for `data`), or nil when `keys` is not under one.
  func sensitiveRootLength(kind: String, keys: [String]) -> Int? {
    for rule in rules where rule.kind == nil || rule.kind == kind {
      if keys.count >= rule.keys.count && Array(keys.prefix(rule.keys.count)) == rule.keys { return rule.keys.count }
    }
    return nil
  }

  /// True when some rule applies to `kind` at all (a fast path: most objects have none).
  func applies(to kind: String) -> Bool { rules.contains { $0.kind == nil || $0.kind == kind } }

  /// `object` with every sensitive value replaced by `placeholder` (map keys kept, so the shape shows).
  public func redact(_ object: KValue, kind: String) -> KValue {
    guard applies(to: kind) else { return object }
    return redact(object, kind: kind, keys: [])
  }

  private func redact(_ value: KValue, kind: String, keys: [String]) -> KValue {
    if let root = sensitiveRootLength(kind: kind, keys: keys), keys.count >= root {
      return Self.hide(value)
    }
    switch value {
    case .map(let map):
      return .map(KMap(map.entries.map { ($0.key, redact($0.value, kind: kind, keys: keys + [$0.key])) }))
    case .list(let items):
      // Rules address map keys; list elements share their list's key path.
      return .list(items.map { redact($0, kind: kind, keys: keys) })
    default:
      return value
    }
  }

  /// A sensitive subtree: maps keep their keys (one level), every value becomes the placeholder.
  static func hide(_ value: KValue) -> KValue {
    if case .map(let map) = value { return .map(KMap(map.entries.map { ($0.key, placeholder) })) }
    return placeholder
  }
}

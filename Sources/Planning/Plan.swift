import Artifacts

/// The difference between two artifact sets: every change, in a fixed order.
///
/// Order: by scope, then identity (apiVersion, kind, namespace, name), then path; files without
/// an object sort after the objects of their scope. The same two sets always give the same plan.
public struct Plan: Sendable {
  public var changes: [Change]
  /// Objects present and identical in both sets.
  public var unchangedCount: Int

  public init(changes: [Change], unchangedCount: Int) {
    self.changes = changes
    self.unchangedCount = unchangedCount
  }

  /// True when nothing changes.
  public var isEmpty: Bool { changes.isEmpty }

  /// How many changes have `action`.
  public func count(_ action: Action) -> Int { changes.reduce(0) { $0 + ($1.action == action ? 1 : 0) } }

  /// Counts of every action.
  public var counts: [Action: Int] {
    var out: [Action: Int] = [:]
    for action in Action.allCases { out[action] = 0 }
    for change in changes { out[change.action, default: 0] += 1 }
    return out
  }

  /// "Plan: 3 to create, 1 to update, 0 to replace, 2 to delete." or "No changes."
  public var summaryLine: String {
    if isEmpty { return "No changes: the rendered objects are identical (\(unchangedCount) unchanged)." }
    let c = counts
    let retained = (c[.retain] ?? 0) > 0 ? ", \(c[.retain] ?? 0) to retain (left in the cluster)" : ""
    return
      "Plan: \(c[.create] ?? 0) to create, \(c[.update] ?? 0) to update, \(c[.replace] ?? 0) to replace, \(c[.delete] ?? 0) to delete\(retained)."
  }

  /// The changes with `action`, in plan order.
  public func changes(_ action: Action) -> [Change] { changes.filter { $0.action == action } }
}

/// Where the two sides of a plan come from; rendered in headers, markers and JSON.
public struct PlanMetadata: Sendable, Equatable {
  /// One side of the comparison.
  public struct Side: Sendable, Equatable {
    /// What the user asked for (`HEAD~1`, `working tree`).
    public var revision: String
    /// The commit SHA, when the side is a commit.
    public var sha: String?
    /// False when that side has no platform (for example the first commit).
    public var hasPlatform: Bool

    public init(revision: String, sha: String? = nil, hasPlatform: Bool = true) {
      self.revision = revision
      self.sha = sha
      self.hasPlatform = hasPlatform
    }

    /// "abc1234 (HEAD~1)", "working tree".
    public var label: String {
      guard let sha else { return revision }
      let short = String(sha.prefix(7))
      return revision.isEmpty || sha.hasPrefix(revision.lowercased()) ? short : "\(short) (\(revision))"
    }
  }

  public var base: Side
  public var head: Side
  /// `sha256:<hex>` over every input file (path and bytes) of both sides.
  public var inputFingerprint: String
  /// The environments planned (empty: all).
  public var environments: [String]

  public init(base: Side, head: Side, inputFingerprint: String, environments: [String] = []) {
    self.base = base
    self.head = head
    self.inputFingerprint = inputFingerprint
    self.environments = environments
  }
}

import Artifacts
import Diagnostics

/// Field-level differences between two value trees of one object.
///
/// Maps are compared key by key (in the new object's key order, then removed keys in the old
/// order). Lists of maps that all carry a unique `name` are matched by name (a reordered
/// container list is not a change of every element); other lists of equal length element by
/// element; lists whose length changed by their longest common subsequence when small, else
/// element by element with the tail added or removed.
struct FieldDiff {
  let kind: String
  let immutable: ImmutableFields
  let sensitive: SensitiveFields
  private(set) var changes: [FieldChange] = []

  /// The largest list pair (n × m) diffed by longest common subsequence.
  static let lcsLimit = 250_000

  init(kind: String, immutable: ImmutableFields, sensitive: SensitiveFields) {
    self.kind = kind
    self.immutable = immutable
    self.sensitive = sensitive
  }

  /// The changes from `before` to `after`.
  static func diff(_ before: KValue, _ after: KValue, kind: String, immutable: ImmutableFields, sensitive: SensitiveFields) -> [FieldChange] {
    var differ = FieldDiff(kind: kind, immutable: immutable, sensitive: sensitive)
    differ.compare(before, after, path: DataPath(), keys: [])
    return differ.changes
  }

  private mutating func record(_ kind: FieldChange.Kind, _ path: DataPath, _ keys: [String], _ before: KValue?, _ after: KValue?) {
    let secret = sensitive.sensitiveRootLength(kind: self.kind, keys: keys) != nil
    let forces = immutable.isImmutable(kind: self.kind, keys: keys)
    changes.append(FieldChange(path: path, kind: kind, before: before, after: after, sensitive: secret, forcesReplacement: forces))
  }

  private mutating func compare(_ before: KValue, _ after: KValue, path: DataPath, keys: [String]) {
    if before == after { return }
    if let root = sensitive.sensitiveRootLength(kind: kind, keys: keys), keys.count > root {
      // Inside a sensitive map: one change per key, values hidden.
      record(.changed, path, keys, nil, nil)
      return
    }
    switch (before, after) {
    case (.map(let old), .map(let new)):
      compareMaps(old, new, path: path, keys: keys)
    case (.list(let old), .list(let new)):
      compareLists(old, new, path: path, keys: keys)
    default:
      record(.changed, path, keys, before, after)
    }
  }

  private mutating func compareMaps(_ old: KMap, _ new: KMap, path: DataPath, keys: [String]) {
    var oldIndex: [String: Int] = [:]
    for (i, entry) in old.entries.enumerated() { oldIndex[entry.key] = i }
    var seen = Set<String>()
    for entry in new.entries {
      seen.insert(entry.key)
      let childPath = path.appending(entry.key)
      let childKeys = keys + [entry.key]
      if let i = oldIndex[entry.key] {
        compare(old.entries[i].value, entry.value, path: childPath, keys: childKeys)
      } else {
        record(.added, childPath, childKeys, nil, entry.value)
      }
    }
    for entry in old.entries where !seen.contains(entry.key) {
      record(.removed, path.appending(entry.key), keys + [entry.key], entry.value, nil)
    }
  }

  private mutating func compareLists(_ old: [KValue], _ new: [KValue], path: DataPath, keys: [String]) {
    if let oldNames = Self.names(old), let newNames = Self.names(new) {
      var oldIndex: [String: Int] = [:]
      for (i, name) in oldNames.enumerated() { oldIndex[name] = i }
      let newSet = Set(newNames)
      for (i, name) in newNames.enumerated() {
        if let j = oldIndex[name] {
          compare(old[j], new[i], path: path.appending(index: i), keys: keys)
        } else {
          record(.added, path.appending(index: i), keys, nil, new[i])
        }
      }
      for (j, name) in oldNames.enumerated() where !newSet.contains(name) {
        record(.removed, path.appending(index: j), keys, old[j], nil)
      }
      return
    }
    if old.count != new.count {
      // The common head and tail are unchanged; only what lies between them is compared.
      var head = 0
      while head < min(old.count, new.count) && old[head] == new[head] { head += 1 }
      var tail = 0
      while tail < min(old.count, new.count) - head && old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
      let oldMiddle = Array(old[head..<(old.count - tail)])
      let newMiddle = Array(new[head..<(new.count - tail)])
      if oldMiddle.count * newMiddle.count <= Self.lcsLimit {
        compareBySubsequence(oldMiddle, newMiddle, offset: head, path: path, keys: keys)
        return
      }
      if let unique = Self.uniqueScalars(oldMiddle, newMiddle) {
        // Too long for a subsequence table, but every element is a distinct scalar (a
        // kustomization's resources): what was added and removed is the whole story.
        for (j, item) in newMiddle.enumerated() where !unique.old.contains(item.string ?? "") {
          record(.added, path.appending(index: head + j), keys, nil, item)
        }
        for (i, item) in oldMiddle.enumerated() where !unique.new.contains(item.string ?? "") {
          record(.removed, path.appending(index: head + i), keys, item, nil)
        }
        return
      }
    }
    for i in 0..<min(old.count, new.count) {
      compare(old[i], new[i], path: path.appending(index: i), keys: keys)
    }
    if new.count > old.count {
      for i in old.count..<new.count { record(.added, path.appending(index: i), keys, nil, new[i]) }
    } else if old.count > new.count {
      for i in new.count..<old.count { record(.removed, path.appending(index: i), keys, old[i], nil) }
    }
  }

  /// Elements outside the longest common subsequence are removed (old index) or added (new index);
  /// `offset` is where `old` and `new` start in the lists they were cut from.
  private mutating func compareBySubsequence(_ old: [KValue], _ new: [KValue], offset: Int, path: DataPath, keys: [String]) {
    let n = old.count
    let m = new.count
    // lengths[i][j] = LCS of old[i...] and new[j...], flattened.
    var lengths = [Int](repeating: 0, count: (n + 1) * (m + 1))
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lengths[i * (m + 1) + j] =
          old[i] == new[j]
          ? lengths[(i + 1) * (m + 1) + j + 1] + 1
          : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
      }
    }
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && old[i] == new[j] {
        i += 1
        j += 1
      } else if j < m && (i == n || lengths[i * (m + 1) + j + 1] >= lengths[(i + 1) * (m + 1) + j]) {
        record(.added, path.appending(index: offset + j), keys, nil, new[j])
        j += 1
      } else {
        record(.removed, path.appending(index: offset + i), keys, old[i], nil)
        i += 1
      }
    }
  }

  /// The two lists' elements as sets of strings, when every element of each is a distinct string; else nil.
  static func uniqueScalars(_ old: [KValue], _ new: [KValue]) -> (old: Set<String>, new: Set<String>)? {
    func set(_ items: [KValue]) -> Set<String>? {
      var out = Set<String>(minimumCapacity: items.count)
      for item in items {
        guard case .string(let text) = item, out.insert(text).inserted else { return nil }
      }
      return out
    }
    guard let o = set(old), let n = set(new) else { return nil }
    return (o, n)
  }

  /// The `name` of every element when all are maps with distinct string names; else nil.
  static func names(_ items: [KValue]) -> [String]? {
    guard !items.isEmpty else { return nil }
    var out: [String] = []
    out.reserveCapacity(items.count)
    var seen = Set<String>()
    for item in items {
      guard let name = item["name"]?.string, seen.insert(name).inserted else { return nil }
      out.append(name)
    }
    return out
  }
}

/// A unified diff of two texts, line by line (for generated files a person may have edited).
/// Longest common subsequence over lines: quadratic, meant for files of a few thousand lines.
public enum LineDiff {
  /// `--- a` / `+++ b` headers, then hunks with `context` lines around each change; "" when equal.
  public static func unified(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3) -> String {
    let a = lines(old)
    let b = lines(new)
    if a == b { return "" }
    // lcs[i][j]: length of the longest common subsequence of a[i...] and b[j...].
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    enum Op {
      case same(Int, Int)
      case delete(Int)
      case insert(Int)
    }
    var ops: [Op] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count && j < b.count && a[i] == b[j] {
        ops.append(.same(i, j))
        i += 1
        j += 1
      } else if i < a.count && (j == b.count || lcs[i + 1][j] >= lcs[i][j + 1]) {
        ops.append(.delete(i))  // deletions before insertions, as diff -u prints them
        i += 1
      } else {
        ops.append(.insert(j))
        j += 1
      }
    }
    // Lines of each side before op k.
    var oldAt = [0]
    var newAt = [0]
    var old = 0
    var new = 0
    for op in ops {
      switch op {
      case .same:
        old += 1
        new += 1
      case .delete: old += 1
      case .insert: new += 1
      }
      oldAt.append(old)
      newAt.append(new)
    }
    let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
    var out = "--- \(oldName)\n+++ \(newName)\n"
    var k = 0
    while k < changed.count {
      let start = max(0, changed[k] - context)
      var end = min(ops.count, changed[k] + context + 1)
      while k + 1 < changed.count && changed[k + 1] - context <= end {
        k += 1
        end = min(ops.count, changed[k] + context + 1)
      }
      var body = ""
      for op in ops[start..<end] {
        switch op {
        case .same(let x, _): body += " \(a[x])\n"
        case .delete(let x): body += "-\(a[x])\n"
        case .insert(let y): body += "+\(b[y])\n"
        }
      }
      let oldCount = oldAt[end] - oldAt[start]
      let newCount = newAt[end] - newAt[start]
      out += "@@ -\(range(oldAt[start], oldCount)) +\(range(newAt[start], newCount)) @@\n" + body
      k += 1
    }
    return out
  }

  /// A hunk's range as diff -u writes it: `start,count`, just `start` for one line, and for none
  /// the line before (`n,0`).
  private static func range(_ before: Int, _ count: Int) -> String {
    count == 1 ? "\(before + 1)" : "\(before + (count > 0 ? 1 : 0)),\(count)"
  }

  private static func lines(_ s: String) -> [Substring] {
    var l = s.split(separator: "\n", omittingEmptySubsequences: false)
    if l.last == "" { l.removeLast() }
    return l
  }
}

/// Did-you-mean suggestions by edit distance, with a cut-off so unrelated words are not offered.
public enum Suggestion {
  /// The candidate closest to `word`, if it is close enough to be a likely typo.
  public static func closest<C: Collection>(to word: String, in candidates: C) -> String?
  where C.Element == String {
    let lowered = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      let limit = max(1, min(3, candidate.count / 3))
      guard distance <= limit else { continue }
      if let current = best, distance > current.1 || (distance == current.1 && candidate >= current.0) {
        continue
      }
      best = (candidate, distance)
    }
    return best?.0
  }

  /// Levenshtein distance over Unicode scalars, with transpositions counted as one edit.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[y.count]
  }

  /// A note text such as `did you mean 'tenants'?`, or nil.
  public static func didYouMean<C: Collection>(_ word: String, in candidates: C) -> String?
  where C.Element == String {
    closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
  }
}

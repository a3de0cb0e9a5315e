/// Five-field cron expressions as GitHub Actions and GitLab schedules accept them.
enum Cron {
  static let fields: [(name: String, range: ClosedRange<Int>)] = [
    ("minute", 0...59), ("hour", 0...23), ("day of month", 1...31), ("month", 1...12), ("day of week", 0...6),
  ]

  /// Why `expression` is not a valid schedule, or nil when it is.
  static func problem(_ expression: String) -> String? {
    let parts = expression.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 5 else { return "\(parts.count) field\(parts.count == 1 ? "" : "s"), expected 5" }
    for (part, field) in zip(parts, fields) {
      for item in part.split(separator: ",", omittingEmptySubsequences: false) {
        if let problem = itemProblem(Substring(item), field.range) { return "\(field.name) '\(part)': \(problem)" }
      }
    }
    return nil
  }

  private static func itemProblem(_ item: Substring, _ range: ClosedRange<Int>) -> String? {
    var body = item
    if let slash = item.firstIndex(of: "/") {
      guard let step = Int(item[item.index(after: slash)...]), step > 0 else { return "the step after '/' must be a positive number" }
      _ = step
      body = item[..<slash]
    }
    if body == "*" { return nil }
    let bounds = body.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(bounds.count) else { return "'\(body)' is not a number or range" }
    var values: [Int] = []
    for b in bounds {
      guard let v = Int(b) else { return "'\(b)' is not a number" }
      guard range.contains(v) else { return "\(v) is outside \(range.lowerBound)-\(range.upperBound)" }
      values.append(v)
    }
    if values.count == 2 && values[0] > values[1] { return "range \(body) runs backwards" }
    return nil
  }
}

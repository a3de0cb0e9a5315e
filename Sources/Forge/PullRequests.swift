/// A promotion's pull request (GitHub) or merge request (GitLab), as Paved wants it to be.
public struct PullRequestSpec: Sendable, Equatable {
  public var head: String
  public var base: String
  public var title: String
  public var body: String
  public var labels: [String]
  /// Forge user or team handles (`@org/team`, `@user`); e-mail addresses cannot be requested.
  public var reviewers: [String]

  public init(head: String, base: String, title: String, body: String, labels: [String], reviewers: [String]) {
    self.head = head
    self.base = base
    self.title = title
    self.body = body
    self.labels = labels
    self.reviewers = reviewers
  }
}

/// What a run did to the pull request.
public enum PullRequestOutcome: Sendable, Equatable {
  case created(number: Int, url: String)
  case updated(number: Int, url: String)
  case unchanged(number: Int, url: String)
  case closed(number: Int, url: String)
  case none
}

/// Where the forge is and how to reach it.
public struct ForgeLocation: Sendable, Equatable {
  public enum Kind: String, Sendable { case github, gitlab }
  public var kind: Kind
  /// `https://api.github.com`, `https://gitlab.example.com/api/v4`, or a test server.
  public var apiURL: String
  /// `owner/name` (GitHub) or the project's id or URL-encoded path (GitLab).
  public var repository: String
  public var token: String

  public init(kind: Kind, apiURL: String, repository: String, token: String) {
    self.kind = kind
    self.apiURL = apiURL
    self.repository = repository
    self.token = token
  }

  /// The client for this forge.
  public var client: any PullRequestClient {
    switch kind {
    case .github: GitHubClient(location: self)
    case .gitlab: GitLabClient(location: self)
    }
  }
}

/// Opens, updates or closes one pull request per head branch: stateless (the forge is the state),
/// idempotent (a re-run with the same result changes nothing).
public protocol PullRequestClient: Sendable {
  func ensure(_ spec: PullRequestSpec) throws(ForgeError) -> PullRequestOutcome
  /// Closes the open pull request of `head`, if any, with `comment`.
  func close(head: String, base: String, comment: String) throws(ForgeError) -> PullRequestOutcome
}

/// The comment a pull request gets when a run changes its title or description, saying what changed:
/// the title, and each row of the description's tables (`| key | value |`) that is new, changed or gone.
/// Reviewers see it in the timeline, where an edited description alone says nothing.
enum UpdateNote {
  static func text(oldTitle: String, oldBody: String, new spec: PullRequestSpec) -> String {
    var lines = ["paved updated this pull request:"]
    if oldTitle != spec.title { lines.append("- title: “\(oldTitle)” → “\(spec.title)”") }
    let before = rows(oldBody)
    let after = rows(spec.body)
    let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
    let new = Dictionary(after, uniquingKeysWith: { first, _ in first })
    for (key, value) in after where old[key] != value {
      lines.append(old[key].map { "- \(key): \($0) → \(value)" } ?? "- \(key): \(value) (new)")
    }
    for (key, value) in before where new[key] == nil { lines.append("- \(key): \(value) (gone)") }
    if lines.count == 1 { lines.append("- the description changed outside its tables") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The table rows of a markdown text, first cell → the other cells, in order (header and rule rows left out).
  static func rows(_ text: String) -> [(String, String)] {
    var rows: [(String, String)] = []
    var header = true
    for line in text.split(separator: "\n") {
      guard line.hasPrefix("|"), line.hasSuffix("|"), line.count > 2 else {
        header = true
        continue
      }
      defer { header = false }
      if header || line.hasPrefix("|---") { continue }
      let cells = line.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard let key = cells.first, !key.isEmpty else { continue }
      rows.append((key, cells.dropFirst().joined(separator: " | ")))
    }
    return rows
  }
}

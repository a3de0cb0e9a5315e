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

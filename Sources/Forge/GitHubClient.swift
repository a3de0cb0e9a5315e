import Foundation
import JSONWriting

/// GitHub's REST API (`2022-11-28`): pulls, issue labels and comments, requested reviewers. The
/// request bodies are `GitHubRequests`, generated from GitHub's OpenAPI description for that
/// version; the tests' fake forge validates what is sent against the same description's models.
struct GitHubClient: PullRequestClient {
  let location: ForgeLocation
  let http = HTTP()

  struct Pull: Decodable {
    let number: Int
    let htmlUrl: String
    let title: String
    let body: String?
    let labels: [Label]?
    let requestedReviewers: [User]?
    let requestedTeams: [Team]?
    struct Label: Decodable { let name: String }
    struct User: Decodable { let login: String }
    struct Team: Decodable { let slug: String }
  }

  var owner: Substring { location.repository.prefix { $0 != "/" } }

  func ensure(_ spec: PullRequestSpec) throws(ForgeError) -> PullRequestOutcome {
    if let open = try find(head: spec.head, base: spec.base) {
      var changed = false
      if open.title != spec.title || (open.body ?? "") != spec.body {
        _ = try call("PATCH", "pulls/\(open.number)", GitHubRequests.UpdatePullRequest(title: spec.title, body: spec.body).json)
        let note = UpdateNote.text(oldTitle: open.title, oldBody: open.body ?? "", new: spec)
        _ = try call("POST", "issues/\(open.number)/comments", GitHubRequests.CreateComment(body: note).json)
        changed = true
      }
      let have = Set(open.labels?.map(\.name) ?? [])
      let missing = spec.labels.filter { !have.contains($0) }
      if !missing.isEmpty {
        _ = try call("POST", "issues/\(open.number)/labels", GitHubRequests.AddLabels(labels: missing).json)
        changed = true
      }
      if try requestReviewers(open.number, spec.reviewers, having: open) { changed = true }
      return changed ? .updated(number: open.number, url: open.htmlUrl) : .unchanged(number: open.number, url: open.htmlUrl)
    }
    let create = GitHubRequests.CreatePullRequest(title: spec.title, head: spec.head, base: spec.base, body: spec.body, maintainerCanModify: false)
    let created: Pull = try decode(try call("POST", "pulls", create.json))
    if !spec.labels.isEmpty { _ = try call("POST", "issues/\(created.number)/labels", GitHubRequests.AddLabels(labels: spec.labels).json) }
    _ = try requestReviewers(created.number, spec.reviewers, having: nil)
    return .created(number: created.number, url: created.htmlUrl)
  }

  func close(head: String, base: String, comment: String) throws(ForgeError) -> PullRequestOutcome {
    guard let open = try find(head: head, base: base) else { return .none }
    _ = try call("POST", "issues/\(open.number)/comments", GitHubRequests.CreateComment(body: comment).json)
    _ = try call("PATCH", "pulls/\(open.number)", GitHubRequests.UpdatePullRequest(state: .closed).json)
    return .closed(number: open.number, url: open.htmlUrl)
  }

  /// Asks the reviewers not yet asked: `@org/team` as a team, `@user` as a user.
  private func requestReviewers(_ number: Int, _ handles: [String], having open: Pull?) throws(ForgeError) -> Bool {
    let users = Set(open?.requestedReviewers?.map(\.login) ?? [])
    let teams = Set(open?.requestedTeams?.map(\.slug) ?? [])
    var wantUsers: [String] = []
    var wantTeams: [String] = []
    for handle in handles where handle.hasPrefix("@") {
      let name = handle.dropFirst()
      if let slash = name.firstIndex(of: "/") {
        let team = String(name[name.index(after: slash)...])
        if !teams.contains(team) { wantTeams.append(team) }
      } else if !users.contains(String(name)) {
        wantUsers.append(String(name))
      }
    }
    guard !wantUsers.isEmpty || !wantTeams.isEmpty else { return false }
    _ = try call("POST", "pulls/\(number)/requested_reviewers", GitHubRequests.RequestReviewers(reviewers: wantUsers, teamReviewers: wantTeams).json)
    return true
  }

  private func find(head: String, base: String) throws(ForgeError) -> Pull? {
    let query = "pulls?state=open&head=\(Self.encode("\(owner):\(head)"))&base=\(Self.encode(base))"
    let pulls: [Pull] = try decode(try call("GET", query, nil))
    return pulls.first
  }

  private func call(_ method: String, _ path: String, _ body: JSON?) throws(ForgeError) -> Data {
    try http.call(
      method, "\(location.apiURL)/repos/\(location.repository)/\(path)", body,
      headers: [
        "Authorization": "Bearer \(location.token)", "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": GitHubRequests.apiVersion,
      ])
  }

  private func decode<T: Decodable>(_ data: Data) throws(ForgeError) -> T { try ForgeStatus.decode(data, forge: "GitHub") }

  static func encode(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
  }
}

/// Maps a forge's HTTP status to a `ForgeError` (2xx passes), and reads its JSON answers.
enum ForgeStatus {
  static func decode<T: Decodable>(_ data: Data, forge: String) throws(ForgeError) -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase  // `html_url` → `htmlUrl`
    do { return try decoder.decode(T.self, from: data) } catch {
      throw .unexpected(status: 200, message: "the answer is not the JSON \(forge) documents: \(error)")
    }
  }

  static func check(_ response: HTTP.Response, _ what: String) throws(ForgeError) {
    let status = response.status
    if (200..<300).contains(status) { return }
    let message = what + ": " + String(decoding: response.body.prefix(300), as: UTF8.self)
    let remaining = response.headers["x-ratelimit-remaining"] ?? response.headers["ratelimit-remaining"]
    if status == 429 || (status == 403 && remaining == "0") {
      let reset = (response.headers["x-ratelimit-reset"] ?? response.headers["ratelimit-reset"]).flatMap { Int64($0) }
      throw .rateLimited(resetAt: reset)
    }
    switch status {
    case 401: throw .unauthorized(message)
    case 403: throw .forbidden(message)
    case 404: throw .notFound(message)
    case 409, 422: throw .unprocessable(message)
    default: throw .unexpected(status: status, message: message)
    }
  }
}

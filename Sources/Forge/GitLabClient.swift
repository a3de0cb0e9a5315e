import Foundation
import JSONWriting

/// GitLab's REST API (v4): merge requests, their notes and reviewers. Reviewers are user ids, looked
/// up by user name (`@lee` → `GET /users?username=lee`); a name GitLab does not know, a group (GitLab
/// has no group reviewers) and an e-mail address are left to the description, which names every approver.
struct GitLabClient: PullRequestClient {
  let location: ForgeLocation
  let http = HTTP()

  struct User: Decodable {
    let id: Int
  }

  struct MergeRequest: Decodable {
    let iid: Int
    let webUrl: String
    let title: String
    let description: String?
    let labels: [String]?
    let reviewers: [User]?
  }

  var project: String { GitHubClient.encode(location.repository) }

  func ensure(_ spec: PullRequestSpec) throws(ForgeError) -> PullRequestOutcome {
    let reviewers = try userIDs(spec.reviewers)
    if let open = try find(head: spec.head, base: spec.base) {
      let labels = Set(open.labels ?? [])
      let asked = Set(open.reviewers?.map(\.id) ?? [])
      guard
        open.title != spec.title || (open.description ?? "") != spec.body || !Set(spec.labels).isSubset(of: labels)
          || !reviewers.isSubset(of: asked)
      else {
        return .unchanged(number: open.iid, url: open.webUrl)
      }
      var update: [String: JSON] = [
        "title": .string(spec.title), "description": .string(spec.body), "add_labels": .string(spec.labels.joined(separator: ",")),
      ]
      // `reviewer_ids` replaces the list: keep whoever else was asked.
      if !reviewers.isSubset(of: asked) { update["reviewer_ids"] = .array(asked.union(reviewers).sorted().map { .integer($0) }) }
      _ = try call("PUT", "merge_requests/\(open.iid)", .object(update))
      if open.title != spec.title || (open.description ?? "") != spec.body {
        let note = UpdateNote.text(oldTitle: open.title, oldBody: open.description ?? "", new: spec)
        _ = try call("POST", "merge_requests/\(open.iid)/notes", ["body": .string(note)])
      }
      return .updated(number: open.iid, url: open.webUrl)
    }
    var create: [String: JSON] = [
      "source_branch": .string(spec.head), "target_branch": .string(spec.base), "title": .string(spec.title),
      "description": .string(spec.body), "labels": .string(spec.labels.joined(separator: ",")), "remove_source_branch": true,
    ]
    if !reviewers.isEmpty { create["reviewer_ids"] = .array(reviewers.sorted().map { .integer($0) }) }
    let created: MergeRequest = try decode(try call("POST", "merge_requests", .object(create)))
    return .created(number: created.iid, url: created.webUrl)
  }

  /// The ids of the users named `@name` (not `@group/name`, not e-mail addresses) that GitLab knows.
  private func userIDs(_ handles: [String]) throws(ForgeError) -> Set<Int> {
    var ids: Set<Int> = []
    for handle in handles where handle.hasPrefix("@") && !handle.contains("/") {
      let users: [User] = try decode(
        try http.call(
          "GET", "\(location.apiURL)/users?username=\(GitHubClient.encode(String(handle.dropFirst())))", nil,
          headers: ["PRIVATE-TOKEN": location.token]))
      if let user = users.first { ids.insert(user.id) }
    }
    return ids
  }

  func close(head: String, base: String, comment: String) throws(ForgeError) -> PullRequestOutcome {
    guard let open = try find(head: head, base: base) else { return .none }
    _ = try call("POST", "merge_requests/\(open.iid)/notes", ["body": .string(comment)])
    _ = try call("PUT", "merge_requests/\(open.iid)", ["state_event": "close"])
    return .closed(number: open.iid, url: open.webUrl)
  }

  private func find(head: String, base: String) throws(ForgeError) -> MergeRequest? {
    let found: [MergeRequest] = try decode(
      try call(
        "GET", "merge_requests?state=opened&source_branch=\(GitHubClient.encode(head))&target_branch=\(GitHubClient.encode(base))", nil))
    return found.first
  }

  private func call(_ method: String, _ path: String, _ body: JSON?) throws(ForgeError) -> Data {
    try http.call(method, "\(location.apiURL)/projects/\(project)/\(path)", body, headers: ["PRIVATE-TOKEN": location.token])
  }

  private func decode<T: Decodable>(_ data: Data) throws(ForgeError) -> T { try ForgeStatus.decode(data, forge: "GitLab") }
}

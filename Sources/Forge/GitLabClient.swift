import Foundation
import JSONWriting

/// GitLab's REST API (v4): merge requests and their notes. Reviewers need GitLab user ids, which
/// handles do not give; the approvers are named in the description instead.
struct GitLabClient: PullRequestClient {
  let location: ForgeLocation
  let http = HTTP()

  struct MergeRequest: Decodable {
    let iid: Int
    let web_url: String
    let title: String
    let description: String?
    let labels: [String]?
  }

  var project: String { GitHubClient.encode(location.repository) }

  func ensure(_ spec: PullRequestSpec) throws(ForgeError) -> PullRequestOutcome {
    if let open = try find(head: spec.head, base: spec.base) {
      let labels = Set(open.labels ?? [])
      guard open.title != spec.title || (open.description ?? "") != spec.body || !Set(spec.labels).isSubset(of: labels) else {
        return .unchanged(number: open.iid, url: open.web_url)
      }
      _ = try call("PUT", "merge_requests/\(open.iid)", [
        "title": .string(spec.title), "description": .string(spec.body), "add_labels": .string(spec.labels.joined(separator: ",")),
      ])
      return .updated(number: open.iid, url: open.web_url)
    }
    let created: MergeRequest = try decode(try call("POST", "merge_requests", [
      "source_branch": .string(spec.head), "target_branch": .string(spec.base), "title": .string(spec.title),
      "description": .string(spec.body), "labels": .string(spec.labels.joined(separator: ",")), "remove_source_branch": true,
    ]))
    return .created(number: created.iid, url: created.web_url)
  }

  func close(head: String, base: String, comment: String) throws(ForgeError) -> PullRequestOutcome {
    guard let open = try find(head: head, base: base) else { return .none }
    _ = try call("POST", "merge_requests/\(open.iid)/notes", ["body": .string(comment)])
    _ = try call("PUT", "merge_requests/\(open.iid)", ["state_event": "close"])
    return .closed(number: open.iid, url: open.web_url)
  }

  private func find(head: String, base: String) throws(ForgeError) -> MergeRequest? {
    let found: [MergeRequest] = try decode(try call(
      "GET", "merge_requests?state=opened&source_branch=\(GitHubClient.encode(head))&target_branch=\(GitHubClient.encode(base))", nil))
    return found.first
  }

  private func call(_ method: String, _ path: String, _ body: JSON?) throws(ForgeError) -> Data {
    try http.call(method, "\(location.apiURL)/projects/\(project)/\(path)", body, headers: ["PRIVATE-TOKEN": location.token])
  }

  private func decode<T: Decodable>(_ data: Data) throws(ForgeError) -> T { try ForgeStatus.decode(data, forge: "GitLab") }
}

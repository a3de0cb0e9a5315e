import GitRevisions

/// The deploy branch's tip as `apply --commit-to` finds it, and what of it may be reused.
///
/// Paved's own commits end with trailers saying what they hold:
///
///     Paved-Source-Commit: <sha>          (or Paved-Source-Dirty: true)
///     Paved-Renderer: sha256:<executable>
///     Paved-Tree: deploy/dev <tree id>     (one per output directory rendered from the source commit)
///
/// A directory is *verified* when the tip is paved's commit, made by this very renderer, and the
/// directory's tree is still the one its `Paved-Tree` trailer names: its files are then exactly what
/// rendering its record's source commit gives, so only what differs from that render needs rendering.
/// Anything else (a hand edit, another renderer, a dirty render, no trailer) verifies nothing, and the
/// whole tree is rendered and compared.
struct DeployTip {
  /// The tip's commit, nil when the branch does not exist yet.
  var sha: String?
  var tree: GitTreeFileSystem?
  /// The tip's source commit, when the tip is paved's render of a clean commit by this renderer.
  var source: String?
  /// Repository path of a verified directory → its tree id.
  var verified: [String: String] = [:]

  static func read(_ repository: Repository, branch: String, renderer: String?) -> DeployTip {
    guard let tree = try? repository.fileTree(at: "refs/heads/" + branch) else { return DeployTip() }
    var tip = DeployTip(sha: tree.revision.sha, tree: tree)
    guard let renderer, let message = repository.message(of: tree.revision.sha) else { return tip }
    let trailers = Self.trailers(message)
    guard trailers.contains(where: { $0.key == "Paved-Renderer" && $0.value == renderer }),
      !trailers.contains(where: { $0.key == "Paved-Source-Dirty" }),
      let source = trailers.first(where: { $0.key == "Paved-Source-Commit" })?.value, source.count == 40
    else { return tip }
    tip.source = source
    for (key, value) in trailers where key == "Paved-Tree" {
      let parts = value.split(separator: " ")
      guard parts.count == 2, tree.objectID(String(parts[0]))?.hex == String(parts[1]) else { continue }
      tip.verified[String(parts[0])] = String(parts[1])
    }
    return tip
  }

  /// The `Key: value` lines of a message's last paragraph.
  static func trailers(_ message: String) -> [(key: String, value: String)] {
    let paragraphs = message.split(separator: "\n\n", omittingEmptySubsequences: true)
    guard let last = paragraphs.last else { return [] }
    return last.split(separator: "\n").compactMap { line in
      guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].hasPrefix(" ") else { return nil }
      return (String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...]))
    }
  }
}

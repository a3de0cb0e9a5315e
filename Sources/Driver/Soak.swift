import GitRevisions
import SpecAST
import SpecSyntax

/// How long a candidate has been pinned in an environment, from git history: the commit on the
/// first-parent history of a revision that set the environment's pin to the candidate, i.e. the
/// oldest commit of the latest unbroken stretch of changes to the file in which the pin was it.
/// Only the file's versions are read, newest first, and the walk stops at the first that pins
/// something else: a pin that went back and forth counts from its latest arrival.
public enum Soak {
  /// The commit that set the pin, or nil when the file at `revision` does not pin `candidate`.
  static func start(
    repository: Repository, file: String, model: String, candidate: PromotionEdit.Pin, revision: String
  ) throws(GitError) -> CommitInfo? {
    var start: CommitInfo?
    try repository.changes(of: file, from: revision, firstParentOnly: true) { commit, bytes in
      guard let bytes, pin(model, in: bytes, file: file) == candidate else { return false }
      start = commit
      return true
    }
    return start
  }

  /// The stable pin of `model` in an environment file's bytes (nil when it does not decode or pin it).
  static func pin(_ model: String, in bytes: [UInt8], file: String) -> PromotionEdit.Pin? {
    guard let root = YAMLLoader.load(bytes, file: file).document?.root else { return nil }
    let decoder = SpecDecoder()
    guard let doc = decoder.decodeEnvironment(root, file: file), let pin = doc.models.first(where: { $0.key.value == model })?.value,
      let version = pin.version?.value, let artifact = pin.artifact?.value, let digest = pin.digest?.value
    else { return nil }
    return PromotionEdit.Pin(version: version, artifact: artifact, digest: digest)
  }

  /// `3d 4h`, `5h 20m`, `12m`: a duration for people.
  public static func describe(seconds: Int64) -> String {
    let s = max(0, seconds)
    let days = s / 86_400, hours = (s % 86_400) / 3600, minutes = (s % 3600) / 60
    if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
    if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
    return "\(minutes)m"
  }
}

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

  /// The stable pin of `model` in an environment file's bytes (nil when the file does not pin it, or
  /// is not one Paved would read). Read with `PathScan`, without a tree: the walk may read thousands
  /// of versions; `SoakTests` holds it to the full loader and decoder on every example.
  static func pin(_ model: String, in bytes: [UInt8], file: String) -> PromotionEdit.Pin? {
    guard let values = PathScan.scalars(bytes, at: ["spec", "models", model]),
      let version = values["version"], let artifact = values["artifact"], let digest = values["digest"]
    else { return nil }
    return PromotionEdit.Pin(version: version, artifact: artifact, digest: digest)
  }

  /// The same, through the full loader and decoder (what `paved validate` reads).
  static func decodedPin(_ model: String, in bytes: [UInt8], file: String) -> PromotionEdit.Pin? {
    let (loaded, diagnostics) = YAMLLoader.load(bytes, file: file)
    guard let root = loaded?.root, !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
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

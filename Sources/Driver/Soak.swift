import GitRevisions

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
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

  /// `2026-12-05 10:00 UTC`.
  public static func describe(time seconds: Int64) -> String {
    var t = time_t(seconds)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` (UTC) in seconds since 1970, or nil.
  public static func parseTime(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
      bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
    else { return nil }
    func number(_ range: Range<Int>) -> Int32? {
      var n: Int32 = 0
      for b in bytes[range] {
        guard b >= 48 && b <= 57 else { return nil }
        n = n * 10 + Int32(b - 48)
      }
      return n
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
      let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
      second < 61
    else { return nil }
    var parts = tm()
    parts.tm_year = year - 1900
    parts.tm_mon = month - 1
    parts.tm_mday = day
    parts.tm_hour = hour
    parts.tm_min = minute
    parts.tm_sec = second
    return Int64(timegm(&parts))
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

import Artifacts
import Hashing

/// `<scope>/.paved-applied`: which source commit an output directory was rendered from, and the
/// SHA-256 of every file written. Written inside the scope, so it is swapped in atomically with
/// the files it describes; `paved plan --drift` reads it to tell drift from unapplied changes.
///
///     # paved-applied v1
///     source 1a2b3c…            (or "source none" outside git)
///     fingerprint sha256:…
///     <sha256 hex> <path relative to the scope>
struct AppliedRecord: Equatable {
  static let fileName = ".paved-applied"
  static let header = "# paved-applied v1"

  var sourceCommit: String?
  var fingerprint: String
  /// Path (relative to the scope) → hex SHA-256 of the bytes written.
  var digests: [String: String]

  /// The record artifact for one scope's files.
  static func artifact(scope: String, files: [Artifact], sourceCommit: String?, fingerprint: String) -> Artifact {
    var lines = [header, "source \(sourceCommit ?? "none")", "fingerprint \(fingerprint)"]
    let prefix = scope.count + 1
    for file in files { lines.append(SHA256.hexDigest(file.contents) + " " + String(file.path.dropFirst(prefix))) }
    return Artifact(path: "\(scope)/\(fileName)", contents: Array((lines.joined(separator: "\n") + "\n").utf8))
  }

  /// Parses a record; nil when it is not one.
  static func parse(_ bytes: [UInt8]) -> AppliedRecord? {
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    guard lines.count >= 3, lines[0] == header, lines[1].hasPrefix("source "), lines[2].hasPrefix("fingerprint ") else { return nil }
    let source = String(lines[1].dropFirst("source ".count))
    var digests: [String: String] = [:]
    for line in lines.dropFirst(3) {
      guard let space = line.firstIndex(of: " ") else { return nil }
      digests[String(line[line.index(after: space)...])] = String(line[..<space])
    }
    return AppliedRecord(sourceCommit: source == "none" ? nil : source, fingerprint: String(lines[2].dropFirst("fingerprint ".count)), digests: digests)
  }

  /// `set` plus one record per scope.
  static func adding(to set: ArtifactSet, scopes: [String], sourceCommit: String?, fingerprint: String) throws(InternalError) -> ArtifactSet {
    var byScope: [String: [Artifact]] = [:]
    for artifact in set.artifacts { byScope[String(artifact.path.prefix { $0 != "/" }), default: []].append(artifact) }
    var all = set.artifacts
    for scope in scopes {
      all.append(artifact(scope: scope, files: byScope[scope] ?? [], sourceCommit: sourceCommit, fingerprint: fingerprint))
    }
    do {
      return try ArtifactSet(all)
    } catch {
      throw InternalError("an emitter wrote a file named \(fileName): \(error)")
    }
  }
}

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
    let prefix = scope.count + 1
    let lines = files.lazy.map { (SHA256.hexDigest($0.contents), $0.path.dropFirst(prefix)) }
    return Artifact(path: "\(scope)/\(fileName)", contents: render(sourceCommit: sourceCommit, fingerprint: fingerprint, lines: lines))
  }

  /// A record's bytes: the header, then one `<sha256 hex> <path>` line per file, in the order given.
  static func render<S: Sequence, Path: StringProtocol>(sourceCommit: String?, fingerprint: String, lines: S) -> [UInt8]
  where S.Element == (String, Path) {
    var out = Array("\(header)\nsource \(sourceCommit ?? "none")\nfingerprint \(fingerprint)\n".utf8)
    for (digest, path) in lines {
      out += digest.utf8
      out.append(0x20)
      out += path.utf8
      out.append(0x0A)
    }
    return out
  }

  /// Parses a record; nil when it is not one.
  static func parse(_ bytes: [UInt8]) -> AppliedRecord? {
    let lines = OwnershipList.lines(bytes)
    func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }
    guard lines.count >= 3, text(lines[0]) == header else { return nil }
    let source = text(lines[1])
    let fingerprint = text(lines[2])
    guard source.hasPrefix("source "), fingerprint.hasPrefix("fingerprint ") else { return nil }
    var digests: [String: String] = [:]
    digests.reserveCapacity(lines.count - 3)
    for line in lines.dropFirst(3) {
      guard let space = line.firstIndex(of: 0x20) else { return nil }
      digests[text(line[(space + 1)...])] = text(line[..<space])
    }
    let commit = String(source.dropFirst("source ".count))
    return AppliedRecord(
      sourceCommit: commit == "none" ? nil : commit, fingerprint: String(fingerprint.dropFirst("fingerprint ".count)), digests: digests)
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

import Artifacts
import GitRevisions
import Hashing
import VirtualFileSystem

extension BranchCommit {
  /// Commits a render in which unchanged tenants were elided (rendered as paths only), against a tip
  /// whose scopes are verified renders of `base` (`DeployTip`): an elided file is what the tip holds,
  /// by construction. Per scope, the tip's record and the new paths are walked together (both in path
  /// order): a rendered file whose SHA-256 differs from the record is a change, a recorded path no
  /// longer rendered a deletion, and the new record takes the tip's lines for everything elided.
  ///
  /// Returns nil, committing nothing, when the tip does not fit the render (a scope without a verified
  /// tree or a record of `base`, an elided path the record lacks, paths out of order): the caller then
  /// renders everything and uses `commitReceived`.
  func commitChanged(
    rendered: ArtifactSet, paths: [String], base: String, message: CommitMessage, sourceCommit: String?, fingerprint: String,
    maxDeletions: Int?
  ) throws(Failure) -> Outcome? {
    guard let tree = tip.tree else { return nil }
    var changes: [(String, FileChange)] = []
    var deleted: [String] = []
    var added = Set<String>()
    var next = 0  // index into the rendered artifacts (path order, a subsequence of `paths`)
    var consumed = 0
    let artifacts = rendered.artifacts
    var start = 0
    for scope in scopes.sorted() {
      let head = scope + "/", dir = TreePath.join(outputPrefix, scope)
      guard tip.verified[dir] != nil, let bytes = try? tree.readFile(dir + "/" + AppliedRecord.fileName, limit: 1 << 30) else { return nil }
      let lines = OwnershipList.lines(bytes)
      guard lines.count >= 3, String(decoding: lines[0], as: UTF8.self) == AppliedRecord.header,
        String(decoding: lines[1], as: UTF8.self) == "source " + base
      else { return nil }
      while start < paths.count && paths[start] < head { start += 1 }
      var end = start
      while end < paths.count && paths[end].hasPrefix(head) { end += 1 }
      while next < artifacts.count && artifacts[next].path < head { next += 1 }

      var record: [(String, String)] = []
      record.reserveCapacity(end - start)
      var listChanged = false
      var t = 3
      var previous = ""
      // The tip's record line `t` as (digest, path), nil past the end; false when malformed or out of order.
      var current: (digest: String, path: String)?
      func advance() -> Bool {
        guard t < lines.count else {
          current = nil
          return true
        }
        guard let space = lines[t].firstIndex(of: 0x20) else { return false }
        let path = String(decoding: lines[t][(space + 1)...], as: UTF8.self)
        if let current, !(current.path < path) { return false }
        current = (String(decoding: lines[t][..<space], as: UTF8.self), path)
        t += 1
        return true
      }
      guard advance() else { return nil }
      for p in start..<end {
        let relative = String(paths[p].dropFirst(head.count))
        guard paths[p] > previous else { return nil }
        previous = paths[p]
        var old: String?
        while let tipLine = current, tipLine.path <= relative {
          if tipLine.path == relative {
            old = tipLine.digest
          } else {
            deleted.append(dir + "/" + tipLine.path)
            listChanged = true
          }
          guard advance() else { return nil }
        }
        if next < artifacts.count && artifacts[next].path == paths[p] {
          let artifact = artifacts[next]
          next += 1
          consumed += 1
          let digest = SHA256.hexDigest(artifact.contents)
          if digest != old { changes.append((dir + "/" + relative, .bytes(artifact.contents))) }
          if old == nil {
            added.insert(dir + "/" + relative)
            listChanged = true
          }
          record.append((digest, relative))
        } else {
          guard let old else { return nil }  // elided, yet not in the tip: the tip does not fit
          record.append((old, relative))
        }
      }
      while let tipLine = current {
        deleted.append(dir + "/" + tipLine.path)
        listChanged = true
        guard advance() else { return nil }
      }
      changes.append((dir + "/" + AppliedRecord.fileName, .bytes(AppliedRecord.render(sourceCommit: sourceCommit, fingerprint: fingerprint, lines: record))))
      if listChanged {
        changes.append((dir + "/" + OwnershipList.fileName, .bytes(OwnershipList(sortedPaths: paths[start..<end].map { String($0.dropFirst(head.count)) }).render())))
      }
      start = end
    }
    // A rendered file outside every scope would be lost: the render does not fit either.
    guard consumed == artifacts.count else { return nil }
    return try commit(changes, deleted: deleted, message: message, dirty: false, maxDeletions: maxDeletions, mayReplace: { !added.contains($0) })
  }
}

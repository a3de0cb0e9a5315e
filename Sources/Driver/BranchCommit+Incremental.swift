import Artifacts
import Dispatch
import GitRevisions
import Hashing
import VirtualFileSystem

extension BranchCommit {
  /// Commits a render in which unchanged tenants were elided (rendered as paths only), against a tip
  /// whose scopes are verified renders of `base` (`DeployTip`): an elided file is what the tip holds,
  /// by construction. Per scope (in parallel), the tip's record and the new paths are walked together,
  /// both in path order: a rendered file whose SHA-256 differs from the record is a change, a recorded
  /// path no longer rendered a deletion, and the new record takes the tip's lines for everything elided.
  ///
  /// Returns nil, committing nothing, when the tip does not fit the render (a scope without a verified
  /// tree or a record of `base`, an elided path the record lacks, paths out of order or not ASCII):
  /// the caller then renders everything and uses `commitReceived`.
  func commitChanged(
    rendered: ArtifactSet, paths: [String], base: String, message: CommitMessage, sourceCommit: String?, fingerprint: String,
    maxDeletions: Int?
  ) throws(Failure) -> Outcome? {
    let scopes = self.scopes.sorted()
    let artifacts = rendered.artifacts
    // Each scope's run of paths and of rendered artifacts (both in path order).
    func range<T>(_ items: [T], _ path: (T) -> String, _ head: String) -> Range<Int> {
      var start = 0
      while start < items.count && path(items[start]) < head { start += 1 }
      var end = start
      while end < items.count && path(items[end]).hasPrefix(head) { end += 1 }
      return start..<end
    }
    let header = SourceHeader(base: base, sourceCommit: sourceCommit, fingerprint: fingerprint)
    let inputs = scopes.map { scope in
      (scope: scope, paths: range(paths, { $0 }, scope + "/"), artifacts: range(artifacts, { $0.path }, scope + "/"))
    }
    guard inputs.reduce(0, { $0 + $1.artifacts.count }) == artifacts.count else { return nil }  // a file outside every scope
    let merged = Emission.parallelMap(count: inputs.count, placeholder: ScopeMerge?.none) { i in
      mergeScope(inputs[i].scope, paths: paths[inputs[i].paths], artifacts: artifacts[inputs[i].artifacts], header: header)
    }
    var changes: [(String, FileChange)] = []
    var deleted: [String] = []
    var added = Set<String>()
    for scope in merged {
      guard let scope else { return nil }
      changes += scope.changes
      deleted += scope.deleted
      added.formUnion(scope.added)
    }
    return try commit(changes, deleted: deleted, message: message, dirty: false, maxDeletions: maxDeletions, mayReplace: { !added.contains($0) })
  }

  struct SourceHeader {
    let base: String
    let sourceCommit: String?
    let fingerprint: String
  }

  /// One scope's part of an incremental commit.
  struct ScopeMerge {
    var changes: [(String, FileChange)] = []
    var deleted: [String] = []
    var added: [String] = []
  }

  /// Walks one scope's tip record against its new paths; nil when the tip does not fit.
  private func mergeScope(_ scope: String, paths: ArraySlice<String>, artifacts: ArraySlice<Artifact>, header: SourceHeader) -> ScopeMerge? {
    let head = scope + "/"
    let dir = TreePath.join(outputPrefix, scope)
    guard let tree = tip.tree, tip.verified[dir] != nil, let bytes = try? tree.readFile(dir + "/" + AppliedRecord.fileName, limit: 1 << 30) else {
      return nil
    }
    let lines = OwnershipList.lines(bytes)
    guard lines.count >= 3, lines[0].elementsEqual(AppliedRecord.header.utf8), lines[1].elementsEqual(("source " + header.base).utf8) else {
      return nil
    }
    var out = ScopeMerge()
    var record = Array("\(AppliedRecord.header)\nsource \(header.sourceCommit ?? "none")\nfingerprint \(header.fingerprint)\n".utf8)
    record.reserveCapacity(bytes.count + 4096)
    var listChanged = false
    var t = 3
    var next = artifacts.startIndex
    // The tip's current line: its digest and path bytes; out of order or malformed lines make the tip unfit.
    var current: (digest: ArraySlice<UInt8>, path: ArraySlice<UInt8>)?
    func advance() -> Bool {
      guard t < lines.count else {
        current = nil
        return true
      }
      guard let space = lines[t].firstIndex(of: 0x20) else { return false }
      let path = lines[t][(space + 1)...]
      if let current, !current.path.lexicographicallyPrecedes(path) { return false }
      current = (lines[t][..<space], path)
      t += 1
      return true
    }
    func deleteCurrent(_ path: ArraySlice<UInt8>) {
      let deleted = head + String(decoding: path, as: UTF8.self)
      out.deleted.append(deleted)
      out.changes.append((deleted, .delete))
      listChanged = true
    }
    guard advance() else { return nil }
    for p in paths.indices {
      let full = paths[p]
      // Paths compare as bytes here and as Strings where they were sorted: the same order for ASCII only.
      guard full.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
      guard p == paths.startIndex || paths[p - 1].utf8.lexicographicallyPrecedes(full.utf8) else { return nil }
      let relative = full.utf8.dropFirst(head.utf8.count)
      var old: ArraySlice<UInt8>?
      while let line = current, !relative.lexicographicallyPrecedes(line.path) {
        if line.path.elementsEqual(relative) { old = line.digest } else { deleteCurrent(line.path) }
        guard advance() else { return nil }
      }
      var digest: [UInt8]
      if next < artifacts.endIndex && artifacts[next].path == full {
        let contents = artifacts[next].contents
        next += 1
        digest = Array(SHA256.hexDigest(contents).utf8)
        if old.map({ !$0.elementsEqual(digest) }) ?? true {
          out.changes.append((full, .bytes(contents)))
        }
        if old == nil {
          out.added.append(full)
          listChanged = true
        }
      } else {
        guard let old else { return nil }  // elided, yet not in the tip: the tip does not fit
        digest = Array(old)
      }
      record += digest
      record.append(0x20)
      record += relative
      record.append(0x0A)
    }
    guard next == artifacts.endIndex else { return nil }
    while let line = current {
      deleteCurrent(line.path)
      guard advance() else { return nil }
    }
    // Written now, so the bytes need not be held until the commit.
    guard let recordBlob = try? blobs.write(record) else { return nil }
    out.changes.append((head + AppliedRecord.fileName, .blob(recordBlob)))
    if listChanged {
      let list = OwnershipList(paths: [AppliedRecord.fileName] + paths.map { String($0.dropFirst(head.count)) }).render()
      guard let listBlob = try? blobs.write(list) else { return nil }
      out.changes.append((head + OwnershipList.fileName, .blob(listBlob)))
    }
    return out
  }
}

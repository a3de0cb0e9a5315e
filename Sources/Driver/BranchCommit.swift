import Artifacts
import Diagnostics
import GitRevisions
import Hashing
import Locking
import OutputWriter
import VirtualFileSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `paved apply --commit-to BRANCH`: commits the rendered tree to a deploy branch through libgit2.
///
/// The branch keeps the files of the scopes it does not write and the files paved did not write
/// (absent from the tip's `.paved-owned` lists); owned files missing from the new render are
/// pruned, within the same deletion budget as a directory. No empty commits. The new tree is the
/// tip's with the changes applied (`Repository.commit(changes:onto:…)`): unchanged directories are
/// reused and unchanged files are not written again.
///
/// Two ways in, chosen by `ApplyRun`:
/// - `receive` + `commitReceived`: the whole render streams in as it is emitted; each file becomes a
///   blob at once and only its path, digest and blob id are kept (memory stays near the model's).
/// - `commitChanged` (BranchCommit+Incremental.swift): when the tip's directories are verified
///   (`DeployTip`), only what renders differently from the tip's source commit was rendered; the
///   rest is known from the tip's records.
final class BranchCommit: @unchecked Sendable {
  let location: RepositoryLocation
  let branch: String
  /// Where the output directory sits in the repository (e.g. `deploy`).
  let outputPrefix: String
  /// The directories written (environments and `gitops`), relative to the output.
  let scopes: [String]
  let tip: DeployTip
  let blobs: BlobWriter
  private let lock = Lock()
  private var entries: [Entry] = []

  /// One received file: its path (relative to the output), SHA-256 and blob.
  struct Entry {
    let path: String
    let digest: SHA256Digest
    let blob: ObjectID
  }

  struct Outcome {
    var result: CommitResult
    var deleted: [String]
    /// Files created and updated on the branch (records and ownership lists not counted).
    var created = 0
    var updated = 0

    var changes: ApplyRun.FileChanges { .init(created: created, updated: updated, deleted: deleted.count) }
  }

  enum Failure: Error {
    case diagnostic(Diagnostic)
    /// A compiler bug met while rendering for the commit (exit 70).
    case bug(InternalError)
  }

  /// "cannot commit to branch …: <why>; nothing was committed".
  static func failed(_ branch: String, _ why: String) -> Diagnostic {
    .error(.commitFailed, "cannot commit to branch '\(branch)': \(why)", notes: [DiagnosticNote("nothing was committed")])
  }

  /// The bookkeeping files of each scope: always rewritten, never counted as changes.
  static let bookkeeping = ["/" + OwnershipList.fileName, "/" + AppliedRecord.fileName]

  init(location: RepositoryLocation, branch: String, outputPrefix: String, scopes: [String], tip: DeployTip) throws(Failure) {
    self.location = location
    self.branch = branch
    self.outputPrefix = outputPrefix
    self.scopes = scopes
    self.tip = tip
    do throws(GitError) {
      blobs = try location.repository.blobWriter()
    } catch {
      throw .diagnostic(Self.failed(branch, error.message))
    }
  }

  /// Takes rendered files, from any thread: each is written as a blob now, and only its path,
  /// SHA-256 and blob id are kept.
  func receive(_ files: [Artifact]) throws(WriteError) {
    var received: [Entry] = []
    received.reserveCapacity(files.count)
    for file in files {
      do throws(GitError) {
        received.append(Entry(path: file.path, digest: SHA256Digest(file.contents), blob: try blobs.write(file.contents)))
      } catch {
        throw .io(path: file.path, message: error.message)
      }
    }
    lock.withLock { entries += received }
  }

  /// Commits everything received as the new content of `scopes`: records and ownership lists are made
  /// from it, and every owned file of the tip's scopes that was not received is deleted. All of it is
  /// walked in path order, scope by scope, against the tip's ownership lists: no set of every path.
  func commitReceived(message: CommitMessage, sourceCommit: String?, dirty: Bool, fingerprint: String, maxDeletions: Int?) throws(Failure) -> Outcome
  {
    var all = lock.withLock {
      defer { entries = [] }
      return entries
    }
    all.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    var changes: [(String, FileChange)] = []
    changes.reserveCapacity(all.count + 2 * scopes.count)
    var deleted: [String] = []
    var foreign = Set<String>()  // rendered paths the tip has but paved did not write there
    var start = 0
    for scope in scopes.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      let head = scope + "/"
      while start < all.count && all[start].path.utf8.lexicographicallyPrecedes(head.utf8) { start += 1 }
      var end = start
      while end < all.count && all[end].path.hasPrefix(head) { end += 1 }
      let run = all[start..<end]
      start = end
      let record = AppliedRecord.render(
        sourceCommit: sourceCommit, fingerprint: fingerprint, lines: run.lazy.map { ($0.digest.hex, $0.path.dropFirst(head.count)) })
      // The list names the record too, as a directory's does (the record is one of the files written).
      let list = OwnershipList(paths: [AppliedRecord.fileName] + run.map { String($0.path.dropFirst(head.count)) })
      do throws(GitError) {
        changes.append((head + AppliedRecord.fileName, .blob(try blobs.write(record))))
        changes.append((head + OwnershipList.fileName, .blob(try blobs.write(list.render()))))
      } catch {
        throw .diagnostic(Self.failed(branch, error.message))
      }
      // The tip's list of this scope: owned files not rendered now are deleted; rendered files the
      // tip has without owning them may not be replaced. Without a list, nothing there is paved's.
      let owned = tip.tree.flatMap { try? $0.readFile(TreePath.join(outputPrefix, head + OwnershipList.fileName), limit: 1 << 30) }.flatMap(
        OwnershipList.parse)
      guard let owned else {
        if tip.tree != nil {
          foreign.insert(head + AppliedRecord.fileName)
          foreign.insert(head + OwnershipList.fileName)
          for entry in run { foreign.insert(entry.path) }
        }
        changes += run.map { ($0.path, .blob($0.blob)) }
        continue
      }
      var o = 0
      let ownedPaths = owned.paths.filter { $0 != AppliedRecord.fileName && $0 != OwnershipList.fileName }.map { head + $0 }
        .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for entry in run {
        while o < ownedPaths.count && ownedPaths[o].utf8.lexicographicallyPrecedes(entry.path.utf8) {
          deleted.append(ownedPaths[o])
          changes.append((ownedPaths[o], .delete))
          o += 1
        }
        if o < ownedPaths.count && ownedPaths[o] == entry.path { o += 1 } else { foreign.insert(entry.path) }
        changes.append((entry.path, .blob(entry.blob)))
      }
      for path in ownedPaths[o...] {
        deleted.append(path)
        changes.append((path, .delete))
      }
    }
    all = []
    return try commit(changes, deleted: deleted, message: message, dirty: dirty, maxDeletions: maxDeletions, mayReplace: { !foreign.contains($0) })
  }

  /// Commits `changes` (paths relative to the output directory; `deleted` lists the deletions among
  /// them) onto the tip read in `tip`, refused if the branch moved since.
  func commit(
    _ changes: [(String, FileChange)], deleted: [String], message: CommitMessage, dirty: Bool, maxDeletions: Int?,
    mayReplace: @escaping (String) -> Bool
  ) throws(Failure) -> Outcome {
    if let limit = maxDeletions, deleted.count > limit {
      throw .diagnostic(ApplyRun.tooManyDeletions(deleted.map { TreePath.join(outputPrefix, $0) }, limit: limit, target: "branch '\(branch)'"))
    }
    let committed: (result: CommitResult, stats: CommitStats)
    do throws(GitError) {
      let (author, committer) = Self.signatures(location.repository)
      committed = try location.repository.commit(
        changes: changes, under: outputPrefix, onto: branch, expectedTip: .some(tip.sha),
        message: { idOf in self.message(message, dirty: dirty, idOf: idOf) },
        author: author, committer: committer, counted: { path in !Self.bookkeeping.contains(where: path.hasSuffix) }, mayReplace: mayReplace)
    } catch {
      throw .diagnostic(
        .error(
          .commitFailed, "cannot commit to branch '\(branch)': \(error.message)",
          notes: [DiagnosticNote(error.kind == .conflict ? "another apply moved the branch meanwhile; run apply again" : "nothing was committed")]))
    }
    if let clash = committed.stats.refused.first {
      throw .diagnostic(
        .error(
          .outputNotWritten,
          "refusing to overwrite \(TreePath.join(outputPrefix, clash)) on branch '\(branch)': paved did not write it (it is not in the ownership list)",
          notes: [DiagnosticNote("nothing was committed; move or delete that file on the branch")]))
    }
    return Outcome(result: committed.result, deleted: deleted, created: committed.stats.created, updated: committed.stats.updated)
  }

  /// The message with the trailers that let the next apply reuse this commit (`DeployTip`): the
  /// renderer, and the tree of every directory rendered from the source commit (those written now,
  /// when the input was clean, and those the tip had verified and this commit left alone).
  private func message(_ base: CommitMessage, dirty: Bool, idOf: (String) -> ObjectID?) -> String {
    var message = base
    guard !dirty, let renderer = RendererIdentity.current else { return message.text }
    message.trailers.append(.init("Paved-Renderer", renderer))
    var trees: [String: String] = [:]
    let written = Set(scopes.map { TreePath.join(outputPrefix, $0) })
    for (path, id) in tip.verified where !written.contains(path) && idOf(path)?.hex == id { trees[path] = id }
    for path in written { if let id = idOf(path) { trees[path] = id.hex } }
    for path in trees.keys.sorted() { message.trailers.append(.init("Paved-Tree", "\(path) \(trees[path] ?? "")")) }
    return message.text
  }

  /// Author and committer as git would pick them: `GIT_AUTHOR_*` / `GIT_COMMITTER_*` when set, else
  /// `user.name` / `user.email` from git's configuration, else "paved <paved@localhost>".
  static func signatures(_ repository: Repository) -> (author: GitSignature, committer: GitSignature) {
    func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
    let name = repository.configString("user.name").flatMap { $0.isEmpty ? nil : $0 } ?? "paved"
    let email = repository.configString("user.email").flatMap { $0.isEmpty ? nil : $0 } ?? "paved@localhost"
    let author = GitSignature(name: env("GIT_AUTHOR_NAME") ?? name, email: env("GIT_AUTHOR_EMAIL") ?? email)
    let committer = GitSignature(name: env("GIT_COMMITTER_NAME") ?? name, email: env("GIT_COMMITTER_EMAIL") ?? email)
    return (author, committer)
  }
}

extension DiagnosticCode {
  public static let commitFailed = DiagnosticCode("apply.commit-failed")
  public static let tooManyDeletions = DiagnosticCode("apply.too-many-deletions")
  public static let outputLocked = DiagnosticCode("apply.locked")
}

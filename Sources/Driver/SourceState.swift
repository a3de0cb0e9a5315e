import GitRevisions
import VirtualFileSystem

/// Whether the input a run read is what a commit holds: the basis of "rendered from commit X"
/// (apply's `Paved-Source-Commit`, a plan's head label).
enum SourceState {
  /// The files of `read` (paths relative to the platform's root) whose bytes differ from
  /// `revision`'s, or are absent there; every file when the revision cannot be read.
  static func changedFiles(_ read: [(path: String, bytes: [UInt8])], location: RepositoryLocation, revision: String = "HEAD") -> [String] {
    guard let resolved = try? location.repository.resolve(revision) else { return read.map(\.path) }
    let tree = location.repository.fileTree(of: resolved)
    return read.compactMap { file in
      let path = TreePath.join(location.prefix, file.path)
      return (try? tree.readFile(path, limit: max(1, file.bytes.count + 1))) == file.bytes ? nil : file.path
    }
  }
}

import Artifacts
import Glibc

/// Writes the few files Paved owns beside the spec (CI workflows, the CODEOWNERS file holding its
/// block), which share their directories with the team's own files, so no directory can be swapped.
///
/// Ownership is carried by the files: a file is Paved's when it starts with the caller's marker
/// line. A write over an existing file without it, or a deletion of one, is refused before
/// anything is written. Every new file is first written (and flushed) beside its target as
/// `.<name>.paved-new`; only when all are written are they renamed into place, each rename atomic,
/// so a reader sees each file whole, old or new. A failure before the renames removes what was
/// written and changes nothing.
public struct OwnedFiles: Sendable {
  public let root: String
  /// The first line of every file the writer may replace or delete.
  public let marker: String
  public var durable = true

  public init(root: String, marker: String) {
    self.root = root
    self.marker = marker
  }

  /// What is at `path` now: nothing, Paved's file, or someone else's.
  public enum Existing: Equatable, Sendable {
    case none
    case owned([UInt8])
    case foreign([UInt8])
  }

  public func existing(_ path: String) -> Existing {
    guard let bytes = FileOps.readFile(full(path)) else { return .none }
    return bytes.starts(with: Array((marker + "\n").utf8)) ? .owned(bytes) : .foreign(bytes)
  }

  /// Writes `files` (path → bytes; `mayReplaceForeign` paths may replace a file without the marker:
  /// the CODEOWNERS file, whose other lines the caller kept) and deletes `deletions` (owned files
  /// only). Returns the paths changed.
  public func apply(
    _ files: [(path: String, contents: [UInt8])], deletions: [String], mayReplaceForeign: Set<String> = []
  ) throws(WriteError) -> [String] {
    var writes: [(path: String, contents: [UInt8])] = []
    for file in files {
      switch existing(file.path) {
      case .owned(let bytes):
        if bytes != file.contents { writes.append(file) }
      case .foreign(let bytes):
        guard mayReplaceForeign.contains(file.path) else { throw .foreignFile(path: file.path) }
        if bytes != file.contents { writes.append(file) }
      case .none:
        writes.append(file)
      }
    }
    var removals: [String] = []
    for path in deletions {
      switch existing(path) {
      case .owned: removals.append(path)
      case .foreign: throw .foreignFile(path: path)
      case .none: break
      }
    }
    var staged: [String] = []
    do {
      for file in writes {
        let target = full(file.path)
        let directory = String(target.prefix(upTo: target.lastIndex(of: "/") ?? target.startIndex))
        try FileOps.makeDirectories(directory)
        let temporary = Self.temporary(target)
        staged.append(temporary)
        try FileOps.writeFile(temporary, file.contents)
        if durable { try FileOps.fsyncFile(temporary) }
      }
    } catch {
      for path in staged { try? FileOps.removeFile(path) }
      throw error
    }
    for file in writes {
      let target = full(file.path)
      guard rename(Self.temporary(target), target) == 0 else { throw .io(path: file.path, message: FileOps.errorMessage()) }
    }
    for path in removals { try FileOps.removeFile(full(path)) }
    if durable && !(writes.isEmpty && removals.isEmpty) { try FileOps.syncFilesystem(root) }
    return (writes.map(\.path) + removals).sorted()
  }

  private func full(_ path: String) -> String { root.isEmpty || root == "." ? path : root + "/" + path }

  static func temporary(_ target: String) -> String {
    guard let slash = target.lastIndex(of: "/") else { return "." + target + ".paved-new" }
    return String(target[...slash]) + "." + target[target.index(after: slash)...] + ".paved-new"
  }
}

/// Replaces one file's contents atomically: written (and flushed) beside it, then renamed over it,
/// so a reader sees the old bytes or the new ones (`paved promote`'s edit of an environment file).
public enum AtomicFile {
  public static func replace(_ path: String, with bytes: [UInt8]) throws(WriteError) {
    let temporary = OwnedFiles.temporary(path)
    do {
      try FileOps.writeFile(temporary, bytes)
      try FileOps.fsyncFile(temporary)
    } catch {
      try? FileOps.removeFile(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let message = FileOps.errorMessage()
      try? FileOps.removeFile(temporary)
      throw .io(path: path, message: message)
    }
  }
}

/// Scratch directories outside the repository (a fetched model artifact while it is checked).
public enum Scratch {
  /// A new empty directory under the system's temporary directory, or nil.
  public static func make(prefix: String) -> String? {
    let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buffer -> String? in
      guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
      return String(cString: made)
    }
  }

  /// Removes `path` and everything under it.
  public static func remove(_ path: String) { try? FileOps.removeTree(path) }
}

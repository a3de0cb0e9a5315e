#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a multi-directory swap is about to do, written (and flushed) before the first swap and
/// removed after the last, so that a crash between two swaps is completed by the next writer:
/// without it a crash there would leave some scope directories new and others old.
///
/// Each line is `<scope> <inode>`: the inode of the scope's staged (new) directory, which a rename
/// or an exchange keeps. After a crash, a scope whose directory has that inode is already new; one
/// whose staging directory has it is swapped in now; the staging directories were complete (and
/// flushed, when durable) before the journal was written.
struct SwapJournal: Equatable {
  static let fileName = ".paved-swap"

  var newInodes: [(scope: String, inode: UInt64)]

  static func == (l: SwapJournal, r: SwapJournal) -> Bool {
    l.newInodes.count == r.newInodes.count && zip(l.newInodes, r.newInodes).allSatisfy { $0 == $1 }
  }

  func render() -> [UInt8] {
    Array(newInodes.map { "\($0.scope) \($0.inode)\n" }.joined().utf8)
  }

  /// Nil for anything but what `render` writes (a journal cut short by a crash while being
  /// written is never acted on: the swaps had not started).
  static func parse(_ bytes: [UInt8]) -> SwapJournal? {
    guard bytes.last == UInt8(ascii: "\n") else { return nil }
    var out: [(String, UInt64)] = []
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 2, let inode = UInt64(parts[1]), !parts[0].contains("/") else { return nil }
      out.append((String(parts[0]), inode))
    }
    return out.isEmpty ? nil : SwapJournal(newInodes: out.map { (scope: $0.0, inode: $0.1) })
  }
}

extension TreeWriter {
  var journalPath: String { root + "/" + SwapJournal.fileName }

  /// Completes a swap a crash interrupted (see `SwapJournal`): every journaled scope ends up new.
  /// Called under the lock before anything else is written.
  func completeInterruptedSwap() throws(WriteError) {
    guard let bytes = FileOps.readFile(journalPath) else { return }
    if let journal = SwapJournal.parse(bytes) {
      for (scope, inode) in journal.newInodes {
        let target = root + "/" + scope
        let staged = staging(scope)
        guard FileOps.inode(target) != inode, FileOps.inode(staged) == inode else { continue }
        if FileOps.exists(target) {
          try FileOps.exchange(staged, target)
        } else if rename(staged, target) != 0 {
          throw .io(path: target, message: FileOps.errorMessage())
        }
      }
      if durable { try flushSwap() }
      try FileOps.removeFile(journalPath)
      // The staging directories now hold the old trees.
      for (scope, _) in journal.newInodes { try FileOps.removeTree(staging(scope)) }
      return
    }
    try FileOps.removeFile(journalPath)
  }

  /// Writes the journal for swapping `scopes` in (flushed when durable).
  func writeJournal(_ scopes: [String]) throws(WriteError) {
    var entries: [(scope: String, inode: UInt64)] = []
    for scope in scopes {
      guard let inode = FileOps.inode(staging(scope)) else { throw .io(path: staging(scope), message: "staging directory missing") }
      entries.append((scope, inode))
    }
    try FileOps.writeFile(journalPath, SwapJournal(newInodes: entries).render())
    if durable {
      try FileOps.fsyncFile(journalPath)
      try FileOps.fsyncDirectory(root)
    }
  }
}

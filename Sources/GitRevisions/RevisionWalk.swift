import CLibGit2

/// Commits reachable from a start commit, newest commit time first, produced lazily.
///
/// This is git's default `log` order (a priority queue on commit time; ties in discovery
/// order). libgit2's `GIT_SORT_TIME` walks the whole history before returning the first
/// commit, and `GIT_SORT_NONE` promises no order, hence this small walker.
/// Use only inside `RepositoryHandle.withRepository`.
struct RevisionWalk {
  private struct Item {
    let time: Int64
    let order: Int
    let commit: OwnedCommit

    /// True when `self` comes out before `other`.
    func precedes(_ other: Item) -> Bool {
      time != other.time ? time > other.time : order < other.order
    }
  }

  private let repo: OpaquePointer
  private let firstParentOnly: Bool
  private var heap: [Item] = []
  private var seen: Set<ObjectID> = []
  private var counter = 0

  init(repo: OpaquePointer, start: OwnedCommit, firstParentOnly: Bool) {
    self.repo = repo
    self.firstParentOnly = firstParentOnly
    enqueue(start)
  }

  /// The next commit, or nil when the history is exhausted.
  mutating func next() throws(GitError) -> OwnedCommit? {
    guard let top = pop() else { return nil }
    let parents = Int(git_commit_parentcount(top.commit.raw))
    for index in 0..<(firstParentOnly ? min(parents, 1) : parents) {
      guard let parentID = git_commit_parent_id(top.commit.raw, UInt32(index)) else { continue }
      let id = ObjectID(parentID.pointee)
      if seen.contains(id) { continue }
      enqueue(try Repository.lookupCommit(repo, id))
    }
    return top.commit
  }

  private mutating func enqueue(_ commit: OwnedCommit) {
    seen.insert(commit.id)
    counter += 1
    heap.append(Item(time: git_commit_time(commit.raw), order: counter, commit: commit))
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].precedes(heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func pop() -> Item? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var best = parent
      if left < heap.count, heap[left].precedes(heap[best]) { best = left }
      if right < heap.count, heap[right].precedes(heap[best]) { best = right }
      if best == parent { break }
      heap.swapAt(parent, best)
      parent = best
    }
    return top
  }
}

/// The unpickler memo as the scanner models it: an array for the dense indices MEMOIZE and
/// BINPUT produce, a dictionary for anything else. The array only grows while at least about
/// half of its slots are used, so hostile indices (`LONG_BINPUT 4294967295`, or ever-growing
/// gaps) cost one dictionary entry each, never a run of empty slots.
struct PickleMemo {
  private var dense: [PickleStackItem?] = []
  private var sparse: [UInt64: PickleStackItem] = [:]
  /// Number of defined entries (`len(memo)` in CPython, which MEMOIZE uses as its index).
  private(set) var count = 0

  subscript(index: UInt64) -> PickleStackItem? {
    get {
      if index < UInt64(dense.count) { return dense[Int(index)] }
      return sparse[index]
    }
    set {
      guard let value = newValue else { return }
      if index < UInt64(dense.count) {
        if dense[Int(index)] == nil { count += 1 }
        dense[Int(index)] = value
      } else if sparse.isEmpty, index < 2 * UInt64(count + 1) + 64 {
        dense.append(contentsOf: [PickleStackItem?](repeating: nil, count: Int(index) - dense.count))
        dense.append(value)
        count += 1
      } else {
        if sparse.updateValue(value, forKey: index) == nil { count += 1 }
      }
    }
  }

  mutating func removeAll() {
    dense.removeAll(keepingCapacity: true)
    sparse.removeAll()
    count = 0
  }
}

import Foundation

/// A macro-expanded comprehension (`all`, `exists`, `map`, `filter`, `cel.bind`, `optMap` ...).
final class ComprehensionNode: Node, @unchecked Sendable {
  typealias Kind = CELExpr.MacroKind
  let kind: Kind
  let range: Node
  let slot: Int
  let slot2: Int?
  let predicate: Node?
  let transform: Node?
  let iterationCost: Int

  init(
    kind: Kind, range: Node, slot: Int, slot2: Int?, predicate: Node?, transform: Node?,
    iterationCost: Int, offset: Int
  ) {
    self.kind = kind
    self.range = range
    self.slot = slot
    self.slot2 = slot2
    self.predicate = predicate
    self.transform = transform
    self.iterationCost = iterationCost
    super.init(offset: offset)
  }

  override func eval(_ s: inout EvalState) -> CELValue {
    let target = range.eval(&s)
    if case .error = target { return target }
    switch kind {
    case .bind:
      s.locals[slot] = target
      return transform?.eval(&s) ?? .null
    case .optMap, .optFlatMap:
      guard case .optional(let inner) = target else { return .noOverload(kind.rawValue, target) }
      guard let inner else { return target }
      s.locals[slot] = inner
      let result = transform?.eval(&s) ?? .null
      if case .error = result { return result }
      if kind == .optMap { return .optional(result) }
      guard case .optional = result else { return .noOverload("optFlatMap", result) }
      return result
    default:
      return iterate(target, &s)
    }
  }

  private func iterate(_ target: CELValue, _ s: inout EvalState) -> CELValue {
    let keys: [CELValue]
    var values: [CELValue] = []
    var isList = false
    switch target {
    case .list(let items):
      keys = items
      isList = true
    case .map(let map):
      keys = map.keys
      values = map.values
    default:
      return .err("expression of type '\(target.celType.name)' cannot be the range of a comprehension")
    }
    var pendingError: CELValue?
    var count = 0
    var results: [CELValue] = []
    var entries: [(CELValue, CELValue)] = []
    for index in keys.indices {
      guard s.charge(iterationCost) else { return EvalState.costError }
      var first = keys[index]
      if let slot2 {
        if isList {
          s.locals[slot2] = first
          first = .int(Int64(index))
        } else {
          s.locals[slot2] = values[index]
        }
      }
      s.locals[slot] = first
      switch kind {
      case .all, .all2, .exists, .exists2:
        let wanted = kind == .exists || kind == .exists2
        switch predicate?.eval(&s) ?? .null {
        case .bool(let b):
          if b == wanted { return .bool(wanted) }
        case .error(let e):
          if pendingError == nil { pendingError = .error(e) }
        case let other:
          if pendingError == nil { pendingError = .noOverload(kind.rawValue, other) }
        }
      case .existsOne, .existsOne2:
        switch predicate?.eval(&s) ?? .null {
        case .bool(let b): if b { count += 1 }
        case .error(let e): return .error(e)
        case let other: return .noOverload("exists_one", other)
        }
      case .map, .filter, .transformList, .transformMap, .transformMapEntry:
        if let predicate {
          switch predicate.eval(&s) {
          case .bool(true): break
          case .bool(false): continue
          case .error(let e): return .error(e)
          case let other: return .noOverload(kind.rawValue, other)
          }
        }
        if kind == .filter {
          results.append(first)
          continue
        }
        let value = transform?.eval(&s) ?? .null
        if case .error = value { return value }
        switch kind {
        case .transformMap: entries.append((first, value))
        case .transformMapEntry:
          guard case .map(let entry) = value else { return .noOverload("transformMapEntry", value) }
          entries.append(contentsOf: zip(entry.keys, entry.values))
        default: results.append(value)
        }
      case .bind, .optMap, .optFlatMap:
        break
      }
    }
    switch kind {
    case .all, .all2: return pendingError ?? .bool(true)
    case .exists, .exists2: return pendingError ?? .bool(false)
    case .existsOne, .existsOne2: return .bool(count == 1)
    case .transformMap, .transformMapEntry:
      do {
        return .map(try CELMap(entries: entries))
      } catch {
        return .error(error)
      }
    default: return .list(results)
    }
  }
}

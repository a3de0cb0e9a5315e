import Foundation
import Locking

/// One Pike VM instruction.
enum RegexInstruction: Sendable {
  case literal(Unicode.Scalar, fold: Bool)
  case charClass(RegexCharClass)
  case any(matchesNewline: Bool)
  case split(Int, Int)
  case jump(Int)
  case lineStart, lineEnd, textStart, textEnd
  case wordBoundary(Bool)
  case match
}

/// Lowers `RegexNode` to instructions.
struct RegexCompiler {
  var program: [RegexInstruction] = []
  static let maxInstructions = 20_000

  mutating func append(_ instruction: RegexInstruction) throws(CELEvalError) -> Int {
    guard program.count < Self.maxInstructions else { throw CELEvalError("invalid regex: pattern too large") }
    program.append(instruction)
    return program.count - 1
  }

  mutating func emit(_ node: RegexNode) throws(CELEvalError) {
    switch node {
    case .empty: break
    case .literal(let c, let fold): _ = try append(.literal(c, fold: fold))
    case .charClass(let set): _ = try append(.charClass(set))
    case .any(let nl): _ = try append(.any(matchesNewline: nl))
    case .lineStart: _ = try append(.lineStart)
    case .lineEnd: _ = try append(.lineEnd)
    case .textStart: _ = try append(.textStart)
    case .textEnd: _ = try append(.textEnd)
    case .wordBoundary(let b): _ = try append(.wordBoundary(b))
    case .concat(let items): for item in items { try emit(item) }
    case .alternate(let branches):
      var jumps: [Int] = []
      for (index, branch) in branches.enumerated() {
        if index < branches.count - 1 {
          let split = try append(.split(0, 0))
          try emit(branch)
          jumps.append(try append(.jump(0)))
          program[split] = .split(split + 1, program.count)
        } else {
          try emit(branch)
        }
      }
      for jump in jumps { program[jump] = .jump(program.count) }
    case .repeat(let inner, let min, let max, let greedy):
      for _ in 0..<min { try emit(inner) }
      if let max {
        var splits: [Int] = []
        for _ in min..<max {
          splits.append(try append(.split(0, 0)))
          try emit(inner)
        }
        for split in splits {
          program[split] = greedy ? .split(split + 1, program.count) : .split(program.count, split + 1)
        }
      } else {
        let split = try append(.split(0, 0))
        try emit(inner)
        _ = try append(.jump(split))
        program[split] = greedy ? .split(split + 1, program.count) : .split(program.count, split + 1)
      }
    }
  }
}

extension RE2Regex {
  /// The leftmost-first match at or after `from`, as scalar offsets.
  func firstMatch(in text: String, from: Int = 0) -> Range<Int>? {
    firstMatch(in: Array(text.unicodeScalars), from: from)
  }

  func firstMatch(in input: [Unicode.Scalar], from: Int) -> Range<Int>? {
    var current: [(pc: Int, start: Int)] = []
    var next: [(pc: Int, start: Int)] = []
    var seen = [Int](repeating: -1, count: program.count)
    var generation = 1
    var matched: Range<Int>?
    var pos = from
    while pos <= input.count {
      if matched == nil { add(&current, pc: 0, start: pos, pos: pos, input, &seen, generation) }
      if current.isEmpty { break }
      generation += 1
      next.removeAll(keepingCapacity: true)
      threads: for thread in current {
        switch program[thread.pc] {
        case .match:
          matched = thread.start..<pos
          break threads
        case .literal(let c, let fold):
          guard pos < input.count else { continue }
          let x = input[pos]
          if x == c || (fold && RegexCharClass.caseVariants(c).contains(x)) {
            add(&next, pc: thread.pc + 1, start: thread.start, pos: pos + 1, input, &seen, generation)
          }
        case .charClass(let set):
          if pos < input.count && set.contains(input[pos]) {
            add(&next, pc: thread.pc + 1, start: thread.start, pos: pos + 1, input, &seen, generation)
          }
        case .any(let nl):
          if pos < input.count && (nl || input[pos] != "\n") {
            add(&next, pc: thread.pc + 1, start: thread.start, pos: pos + 1, input, &seen, generation)
          }
        default: break
        }
      }
      swap(&current, &next)
      pos += 1
    }
    return matched
  }

  /// Follows jumps, splits and assertions (explicit stack keeps priority order).
  private func add(
    _ list: inout [(pc: Int, start: Int)], pc: Int, start: Int, pos: Int, _ input: [Unicode.Scalar],
    _ seen: inout [Int], _ generation: Int
  ) {
    var stack = [pc]
    while let pc = stack.popLast() {
      if seen[pc] == generation { continue }
      seen[pc] = generation
      switch program[pc] {
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .textStart: if pos == 0 { stack.append(pc + 1) }
      case .textEnd: if pos == input.count { stack.append(pc + 1) }
      case .lineStart: if pos == 0 || input[pos - 1] == "\n" { stack.append(pc + 1) }
      case .lineEnd: if pos == input.count || input[pos] == "\n" { stack.append(pc + 1) }
      case .wordBoundary(let want):
        let before = pos > 0 ? input[pos - 1] : nil
        let after = pos < input.count ? input[pos] : nil
        if (RegexCharClass.isWord(before) != RegexCharClass.isWord(after)) == want { stack.append(pc + 1) }
      default: list.append((pc, start))
      }
    }
  }
}

/// A process-wide cache of compiled patterns.
final class RegexCache: @unchecked Sendable {
  static let shared = RegexCache()
  private let lock = Lock()
  private var entries: [String: RE2Regex] = [:]

  func regex(_ pattern: String) throws(CELEvalError) -> RE2Regex {
    lock.lock()
    if let cached = entries[pattern] {
      lock.unlock()
      return cached
    }
    lock.unlock()
    let compiled = try RE2Regex(pattern)
    lock.lock()
    if entries.count > 1000 { entries.removeAll() }
    entries[pattern] = compiled
    lock.unlock()
    return compiled
  }
}

import Diagnostics

/// The abstract value the walker keeps per stack slot. Only what the scanner needs is kept:
/// strings (STACK_GLOBAL operands), globals, small ints and shallow tuples (tensor shapes and
/// rebuild arguments), storages and tensors; everything else is `other`.
enum PickleStackItem: Equatable {
  case mark
  case string(String)
  case global(module: String, name: String)
  case int(Int64)
  /// At most `PickleWalker.maxTupleLength` items, nested at most two levels.
  case tuple([PickleStackItem])
  /// A persistent storage reference (`('storage', torch.XStorage, key, location, numel)`).
  case storage(DType)
  /// A tensor rebuilt from a storage.
  case tensor(dtype: DType, shape: [Int64])
  case other
}

/// The opcode walker behind `PickleScanner`: one abstract stack, one memo, one cursor.
struct PickleWalker {
  let cursor: ByteCursor
  var stack: [PickleStackItem] = []
  var memo = PickleMemo()
  var globals: [PickleGlobal] = []
  var findings: [PickleFinding] = []
  var protocolVersion: UInt8 = 0
  /// Tensors stored under string keys of a dict (a `state_dict`).
  var tensors: [TensorSpec] = []
  /// Tuple elements still allowed to be retained; afterwards tuples become `.other`, which only
  /// stops tensor extraction, never the import checks.
  var tupleBudget = 2_000_000
  private var suppressed = 0

  init(cursor: ByteCursor) { self.cursor = cursor }

  mutating func add(_ problem: ArtifactProblem, offset: UInt64, opcode: String, global: String?, reason: String) {
    if findings.count >= PickleScanner.maxFindings {
      suppressed += 1
      if suppressed == 1 {
        findings.append(
          PickleFinding(
            code: DiagnosticCode(.pickle, .tooManyFindings), file: cursor.file, offset: offset, opcode: opcode,
            global: nil, reason: "more than \(PickleScanner.maxFindings) findings; the rest are not listed"))
      }
      return
    }
    findings.append(
      PickleFinding(
        code: DiagnosticCode(.pickle, problem), file: cursor.file, offset: offset, opcode: opcode, global: global,
        reason: reason))
  }

  struct Malformed: Error { let reason: String }

  /// Walks one pickle up to and including STOP. Returns false (after recording a finding) when
  /// the stream is malformed or exceeds a limit.
  mutating func walkOne() -> Bool {
    stack.removeAll(keepingCapacity: true)
    memo.removeAll()
    while true {
      let at = cursor.offset
      var name = "-"
      do {
        guard let byte = try? cursor.peekByte() else { throw Malformed(reason: "stream ends without STOP") }
        guard let opcode = PickleOpcode.table[Int(byte)] else {
          throw Malformed(reason: "unknown opcode 0x\(String(byte, radix: 16))")
        }
        name = opcode.name
        _ = try cursor.readByte()
        if try step(opcode, at: at) { return true }
        guard stack.count <= PickleScanner.maxStackDepth, memo.count <= PickleScanner.maxStackDepth else {
          add(
            .resourceLimit, offset: at, opcode: name, global: nil,
            reason: "stack or memo exceeds \(PickleScanner.maxStackDepth) entries; not scanned further")
          return false
        }
      } catch let error as Malformed {
        add(.malformed, offset: at, opcode: name, global: nil, reason: error.reason)
        return false
      } catch let error as Diagnostic {
        add(.malformed, offset: at, opcode: name, global: nil, reason: error.summary)
        return false
      } catch {
        add(.malformed, offset: at, opcode: name, global: nil, reason: "\(error)")
        return false
      }
    }
  }

  mutating func pop() throws -> PickleStackItem {
    guard let item = stack.last, item != .mark else { throw Malformed(reason: "stack underflow") }
    stack.removeLast()
    return item
  }

  mutating func popMark() throws -> [PickleStackItem] {
    guard let index = stack.lastIndex(of: .mark) else { throw Malformed(reason: "no MARK on the stack") }
    let items = Array(stack[(index + 1)...])
    stack.removeSubrange(index...)
    return items
  }

  func readCounted(width: Int, signed: Bool) throws -> UInt64 {
    switch width {
    case 1: return UInt64(try cursor.readByte())
    case 4:
      let raw = try cursor.read(UInt32.self)
      if signed, Int32(bitPattern: raw) < 0 { throw Malformed(reason: "negative length") }
      return UInt64(raw)
    default: return try cursor.read(UInt64.self)
    }
  }

  func readFixed(_ width: Int) throws -> UInt64 {
    switch width {
    case 1: UInt64(try cursor.readByte())
    case 2: UInt64(try cursor.read(UInt16.self))
    case 4: UInt64(try cursor.read(UInt32.self))
    default: try cursor.read(UInt64.self)
    }
  }

  /// Reads a counted payload, keeping it only when short enough to be a module or name.
  func readPayload(_ length: UInt64) throws -> [UInt8]? {
    guard length <= PickleScanner.maxRetainedString else {
      try cursor.skip(length)
      return nil
    }
    return try cursor.readBytes(length, limit: PickleScanner.maxRetainedString)
  }

  func line() throws -> [UInt8] { try cursor.readLine(limit: PickleScanner.maxLine) }

  /// Executes one opcode on the abstract machine. Returns true on STOP.
  private mutating func step(_ opcode: PickleOpcode, at: UInt64) throws -> Bool {
    switch opcode.effect {
    case .pushOther:
      try consumeArgument(opcode)
      stack.append(.other)
    case .pushString:
      guard case .counted(let width, let signed) = opcode.argument else { return false }
      let payload = try readPayload(try readCounted(width: width, signed: signed))
      stack.append(payload.flatMap { String(validating: $0, as: UTF8.self) }.map(PickleStackItem.string) ?? .other)
    case .popPush(let n):
      for _ in 0..<n { _ = try pop() }
      stack.append(.other)
    case .pop(let n):
      for _ in 0..<n { _ = try pop() }
    case .popMarkPush:
      _ = try popMark()
      stack.append(.other)
    case .popMark:
      _ = try popMark()
    case .nothing:
      try consumeArgument(opcode)
    case .special:
      return try special(opcode, at: at)
    }
    return false
  }

  private func consumeArgument(_ opcode: PickleOpcode) throws {
    switch opcode.argument {
    case .none: break
    case .fixed(let width): _ = try readFixed(width)
    case .counted(let width, let signed): try cursor.skip(try readCounted(width: width, signed: signed))
    case .line: _ = try line()
    case .twoLines:
      _ = try line()
      _ = try line()
    }
  }
}

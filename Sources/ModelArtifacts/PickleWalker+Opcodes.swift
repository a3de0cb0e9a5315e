import Diagnostics

extension PickleWalker {
  /// Parses a decimal memo index from a PUT/GET line.
  private func memoIndex(_ bytes: [UInt8]) throws -> UInt64 {
    guard !bytes.isEmpty, bytes.count <= 20, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let value = UInt64(String(decoding: bytes, as: UTF8.self))
    else { throw Malformed(reason: "invalid memo index") }
    return value
  }

  private func top() throws -> PickleStackItem {
    guard let item = stack.last, item != .mark else { throw Malformed(reason: "stack underflow") }
    return item
  }

  /// ASCII text without backslash escapes, or `nil`.
  private func plainASCII(_ bytes: [UInt8]?) -> String? {
    guard let bytes, bytes.allSatisfy({ $0 < 0x80 && $0 != 0x5C }) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  private func utf8Line() throws -> String {
    guard let text = String(validating: try line(), as: UTF8.self) else {
      throw Malformed(reason: "GLOBAL/INST argument is not valid UTF-8")
    }
    return text
  }

  /// Records an imported global and, unless allowlisted, a finding.
  private mutating func record(module: String, name: String, at: UInt64, opcode: String) {
    let verdict = PickleAllowlist.classify(module: module, name: name)
    globals.append(PickleGlobal(module: module, name: name, offset: at, opcode: opcode, verdict: verdict))
    if verdict != .allowed {
      add(
        .unsafeGlobal, offset: at, opcode: opcode, global: "\(module).\(name)",
        reason: PickleAllowlist.reason(verdict, module: module, name: name))
    }
  }

  /// Handles the opcodes whose stack effect is not a simple push/pop pattern.
  mutating func special(_ opcode: PickleOpcode, at: UInt64) throws -> Bool {
    switch opcode.code {
    case 0x28 /* MARK */: stack.append(.mark)
    case 0x2E /* STOP */:
      _ = try pop()
      return true
    case 0x30 /* POP */:
      if stack.last == .mark { _ = try popMark() } else { _ = try pop() }
    case 0x32 /* DUP */: stack.append(try top())
    case 0x80 /* PROTO */:
      let version = try cursor.readByte()
      guard version <= 5 else { throw Malformed(reason: "unsupported pickle protocol \(version)") }
      if protocolVersion == 0 { protocolVersion = version }
    case 0x53 /* STRING */:
      let raw = try line()
      guard raw.count >= 2, let quote = raw.first, quote == 0x22 || quote == 0x27, raw.last == quote else {
        throw Malformed(reason: "STRING argument is not quoted")
      }
      stack.append(plainASCII(Array(raw[1..<(raw.count - 1)])).map(PickleStackItem.string) ?? .other)
    case 0x54 /* BINSTRING */, 0x55 /* SHORT_BINSTRING */:
      guard case .counted(let width, let signed) = opcode.argument else { break }
      let payload = try readPayload(try readCounted(width: width, signed: signed))
      stack.append(plainASCII(payload).map(PickleStackItem.string) ?? .other)
    case 0x56 /* UNICODE */:
      stack.append(plainASCII(try line()).map(PickleStackItem.string) ?? .other)
    case 0x63 /* GLOBAL */:
      let module = try utf8Line()
      let name = try utf8Line()
      record(module: module, name: name, at: at, opcode: opcode.name)
      stack.append(.global(module: module, name: name))
    case 0x69 /* INST */:
      let module = try utf8Line()
      let name = try utf8Line()
      _ = try popMark()
      record(module: module, name: name, at: at, opcode: opcode.name)
      stack.append(.other)
    case 0x93 /* STACK_GLOBAL */:
      let name = try pop()
      let module = try pop()
      if case .string(let m) = module, case .string(let n) = name {
        record(module: m, name: n, at: at, opcode: opcode.name)
        stack.append(.global(module: m, name: n))
      } else {
        let m = if case .string(let m) = module { m } else { "?" }
        let n = if case .string(let n) = name { n } else { "?" }
        globals.append(PickleGlobal(module: m, name: n, offset: at, opcode: opcode.name, verdict: .unresolved))
        add(
          .unresolvedGlobal, offset: at, opcode: opcode.name, global: "\(m).\(n)",
          reason: "STACK_GLOBAL operands are not literal strings; the import cannot be verified")
        stack.append(.other)
      }
    case 0x52 /* REDUCE */:
      let arguments = try pop()
      let callable = try pop()
      stack.append(reduce(callable, arguments))
    case 0x81 /* NEWOBJ */:
      _ = try pop()
      _ = try pop()
      stack.append(.other)
    case 0x92 /* NEWOBJ_EX */:
      _ = try pop()
      _ = try pop()
      _ = try pop()
      stack.append(.other)
    case 0x6F /* OBJ */:
      guard !(try popMark()).isEmpty else { throw Malformed(reason: "OBJ without a class") }
      stack.append(.other)
    case 0x62 /* BUILD */:
      _ = try pop()
      if case .global(let module, let name) = try top() {
        add(
          .buildOnGlobal, offset: at, opcode: opcode.name, global: "\(module).\(name)",
          reason: "BUILD sets state on the imported object itself (attribute injection)")
      }
    case 0x67 /* GET */, 0x68 /* BINGET */, 0x6A /* LONG_BINGET */:
      let index: UInt64 = opcode.code == 0x67 ? try memoIndex(try line()) : try readFixed(opcode.code == 0x68 ? 1 : 4)
      guard let item = memo[index] else { throw Malformed(reason: "memo index \(index) is not defined") }
      stack.append(item)
    case 0x70 /* PUT */, 0x71 /* BINPUT */, 0x72 /* LONG_BINPUT */:
      let index: UInt64 = opcode.code == 0x70 ? try memoIndex(try line()) : try readFixed(opcode.code == 0x71 ? 1 : 4)
      memo[index] = try top()
    case 0x94 /* MEMOIZE */:
      memo[UInt64(memo.count)] = try top()
    case 0x82 /* EXT1 */, 0x83 /* EXT2 */, 0x84 /* EXT4 */:
      guard case .fixed(let width) = opcode.argument else { break }
      let code = try readFixed(width)
      add(
        .extensionOpcode, offset: at, opcode: opcode.name, global: nil,
        reason: "\(opcode.name) \(code) imports through the copyreg extension registry, which cannot be verified")
      stack.append(.other)
    default:
      try valueOpcode(opcode)
    }
    return false
  }
}

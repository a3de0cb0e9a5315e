/// How a pickle opcode's inline argument is encoded.
enum PickleArgument: Equatable {
  /// No inline argument.
  case none
  /// A fixed number of bytes (1, 2, 4 or 8).
  case fixed(Int)
  /// A little-endian length of `width` bytes, then that many bytes. `signed` lengths must be ≥ 0.
  case counted(width: Int, signed: Bool)
  /// Bytes up to a newline.
  case line
  /// Two newline-terminated lines (`GLOBAL`, `INST`).
  case twoLines
}

/// How the scanner's abstract stack machine treats an opcode.
enum PickleEffect: Equatable {
  /// Pushes an opaque value.
  case pushOther
  /// Pushes a string value (candidate STACK_GLOBAL operand).
  case pushString
  /// Pops `n` values and pushes an opaque value.
  case popPush(Int)
  /// Pops `n` values.
  case pop(Int)
  /// Pops back to (and including) the topmost MARK, then pushes an opaque value.
  case popMarkPush
  /// Pops back to (and including) the topmost MARK.
  case popMark
  /// Opcodes the scanner handles individually.
  case special
  /// No stack effect.
  case nothing
}

/// One opcode of pickle protocols 0–5, as in CPython's `pickletools`.
struct PickleOpcode {
  let code: UInt8
  let name: String
  let argument: PickleArgument
  let effect: PickleEffect

  /// Every opcode of protocols 0–5, indexed by byte.
  static let table: [PickleOpcode?] = {
    let all: [PickleOpcode] = [
      // Protocol 0/1.
      .init(code: 0x28, name: "MARK", argument: .none, effect: .special),
      .init(code: 0x2E, name: "STOP", argument: .none, effect: .special),
      .init(code: 0x30, name: "POP", argument: .none, effect: .special),
      .init(code: 0x31, name: "POP_MARK", argument: .none, effect: .popMark),
      .init(code: 0x32, name: "DUP", argument: .none, effect: .special),
      .init(code: 0x46, name: "FLOAT", argument: .line, effect: .pushOther),
      .init(code: 0x49, name: "INT", argument: .line, effect: .special),
      .init(code: 0x4A, name: "BININT", argument: .fixed(4), effect: .special),
      .init(code: 0x4B, name: "BININT1", argument: .fixed(1), effect: .special),
      .init(code: 0x4C, name: "LONG", argument: .line, effect: .pushOther),
      .init(code: 0x4D, name: "BININT2", argument: .fixed(2), effect: .special),
      .init(code: 0x4E, name: "NONE", argument: .none, effect: .pushOther),
      .init(code: 0x50, name: "PERSID", argument: .line, effect: .pushOther),
      .init(code: 0x51, name: "BINPERSID", argument: .none, effect: .special),
      .init(code: 0x52, name: "REDUCE", argument: .none, effect: .special),
      .init(code: 0x53, name: "STRING", argument: .line, effect: .special),
      .init(code: 0x54, name: "BINSTRING", argument: .counted(width: 4, signed: true), effect: .special),
      .init(code: 0x55, name: "SHORT_BINSTRING", argument: .counted(width: 1, signed: false), effect: .special),
      .init(code: 0x56, name: "UNICODE", argument: .line, effect: .special),
      .init(code: 0x58, name: "BINUNICODE", argument: .counted(width: 4, signed: false), effect: .pushString),
      .init(code: 0x61, name: "APPEND", argument: .none, effect: .pop(1)),
      .init(code: 0x62, name: "BUILD", argument: .none, effect: .special),
      .init(code: 0x63, name: "GLOBAL", argument: .twoLines, effect: .special),
      .init(code: 0x64, name: "DICT", argument: .none, effect: .popMarkPush),
      .init(code: 0x7D, name: "EMPTY_DICT", argument: .none, effect: .pushOther),
      .init(code: 0x65, name: "APPENDS", argument: .none, effect: .popMark),
      .init(code: 0x67, name: "GET", argument: .line, effect: .special),
      .init(code: 0x68, name: "BINGET", argument: .fixed(1), effect: .special),
      .init(code: 0x69, name: "INST", argument: .twoLines, effect: .special),
      .init(code: 0x6A, name: "LONG_BINGET", argument: .fixed(4), effect: .special),
      .init(code: 0x6C, name: "LIST", argument: .none, effect: .popMarkPush),
      .init(code: 0x5D, name: "EMPTY_LIST", argument: .none, effect: .pushOther),
      .init(code: 0x6F, name: "OBJ", argument: .none, effect: .special),
      .init(code: 0x70, name: "PUT", argument: .line, effect: .special),
      .init(code: 0x71, name: "BINPUT", argument: .fixed(1), effect: .special),
      .init(code: 0x72, name: "LONG_BINPUT", argument: .fixed(4), effect: .special),
      .init(code: 0x73, name: "SETITEM", argument: .none, effect: .special),
      .init(code: 0x74, name: "TUPLE", argument: .none, effect: .special),
      .init(code: 0x29, name: "EMPTY_TUPLE", argument: .none, effect: .special),
      .init(code: 0x75, name: "SETITEMS", argument: .none, effect: .special),
      .init(code: 0x47, name: "BINFLOAT", argument: .fixed(8), effect: .pushOther),
      // Protocol 2.
      .init(code: 0x80, name: "PROTO", argument: .fixed(1), effect: .special),
      .init(code: 0x81, name: "NEWOBJ", argument: .none, effect: .special),
      .init(code: 0x82, name: "EXT1", argument: .fixed(1), effect: .special),
      .init(code: 0x83, name: "EXT2", argument: .fixed(2), effect: .special),
      .init(code: 0x84, name: "EXT4", argument: .fixed(4), effect: .special),
      .init(code: 0x85, name: "TUPLE1", argument: .none, effect: .special),
      .init(code: 0x86, name: "TUPLE2", argument: .none, effect: .special),
      .init(code: 0x87, name: "TUPLE3", argument: .none, effect: .special),
      .init(code: 0x88, name: "NEWTRUE", argument: .none, effect: .pushOther),
      .init(code: 0x89, name: "NEWFALSE", argument: .none, effect: .pushOther),
      .init(code: 0x8A, name: "LONG1", argument: .counted(width: 1, signed: false), effect: .special),
      .init(code: 0x8B, name: "LONG4", argument: .counted(width: 4, signed: true), effect: .pushOther),
      // Protocol 3.
      .init(code: 0x42, name: "BINBYTES", argument: .counted(width: 4, signed: false), effect: .pushOther),
      .init(code: 0x43, name: "SHORT_BINBYTES", argument: .counted(width: 1, signed: false), effect: .pushOther),
      // Protocol 4.
      .init(code: 0x8C, name: "SHORT_BINUNICODE", argument: .counted(width: 1, signed: false), effect: .pushString),
      .init(code: 0x8D, name: "BINUNICODE8", argument: .counted(width: 8, signed: false), effect: .pushString),
      .init(code: 0x8E, name: "BINBYTES8", argument: .counted(width: 8, signed: false), effect: .pushOther),
      .init(code: 0x8F, name: "EMPTY_SET", argument: .none, effect: .pushOther),
      .init(code: 0x90, name: "ADDITEMS", argument: .none, effect: .popMark),
      .init(code: 0x91, name: "FROZENSET", argument: .none, effect: .popMarkPush),
      .init(code: 0x92, name: "NEWOBJ_EX", argument: .none, effect: .special),
      .init(code: 0x93, name: "STACK_GLOBAL", argument: .none, effect: .special),
      .init(code: 0x94, name: "MEMOIZE", argument: .none, effect: .special),
      .init(code: 0x95, name: "FRAME", argument: .fixed(8), effect: .nothing),
      // Protocol 5.
      .init(code: 0x96, name: "BYTEARRAY8", argument: .counted(width: 8, signed: false), effect: .pushOther),
      .init(code: 0x97, name: "NEXT_BUFFER", argument: .none, effect: .pushOther),
      .init(code: 0x98, name: "READONLY_BUFFER", argument: .none, effect: .popPush(1)),
    ]
    var table = [PickleOpcode?](repeating: nil, count: 256)
    for opcode in all { table[Int(opcode.code)] = opcode }
    return table
  }()

  /// Bytes that can start a protocol 0/1 pickle (used only as a cheap pre-filter).
  static let protocol0Starts: Set<UInt8> = Set(
    [
      0x28, 0x63, 0x69, 0x5D, 0x7D, 0x29, 0x6C, 0x64, 0x74, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x46, 0x47, 0x53, 0x54,
      0x55, 0x56, 0x58, 0x50,
    ])
}

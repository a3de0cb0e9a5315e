extension PickleWalker {
  /// Longest tuple kept as a value (tensor ranks and rebuild argument lists are far shorter).
  static let maxTupleLength = 16
  /// Most tensors recorded per stream.
  static let maxTensors = 1_000_000

  /// Canonical dtypes of torch's typed storage classes.
  static let storageDTypes: [String: DType] = [
    "FloatStorage": .f32, "DoubleStorage": .f64, "HalfStorage": .f16, "BFloat16Storage": .bf16,
    "LongStorage": .i64, "IntStorage": .i32, "ShortStorage": .i16, "CharStorage": .i8, "ByteStorage": .u8,
    "BoolStorage": .bool,
  ]

  /// A tuple of `items`, kept only while short, shallow and within the retention budget.
  private mutating func tuple(_ items: [PickleStackItem]) -> PickleStackItem {
    guard items.count <= Self.maxTupleLength, items.count <= tupleBudget else { return .other }
    tupleBudget -= items.count
    return .tuple(
      items.map { item in
        if case .tuple(let inner) = item, inner.contains(where: { if case .tuple = $0 { true } else { false } }) {
          return .other
        }
        return item
      })
  }

  /// The result of calling `callable(*arguments)`, for the few callables the scanner models.
  func reduce(_ callable: PickleStackItem, _ arguments: PickleStackItem) -> PickleStackItem {
    guard case .global(let module, let name) = callable, case .tuple(let args) = arguments else { return .other }
    switch "\(module).\(name)" {
    case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v3":
      guard args.count >= 3, case .storage(let dtype) = args[0], case .tuple(let sizes) = args[2] else { return .other }
      var shape: [Int64] = []
      for size in sizes {
        guard case .int(let value) = size, value >= 0 else { return .other }
        shape.append(value)
      }
      return .tensor(dtype: dtype, shape: shape)
    case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
      guard let first = args.first, case .tensor = first else { return .other }
      return first
    default:
      return .other
    }
  }

  /// Records `key → tensor` pairs stored into a dict.
  private mutating func store(_ key: PickleStackItem, _ value: PickleStackItem) {
    guard case .string(let name) = key, case .tensor(let dtype, let shape) = value,
      tensors.count < Self.maxTensors
    else { return }
    tensors.append(TensorSpec(name: name, dtype: dtype, shape: shape.map { .fixed(Int($0)) }))
  }

  /// Opcodes that build values the scanner tracks: ints, tuples, persistent ids, dict stores.
  mutating func valueOpcode(_ opcode: PickleOpcode) throws {
    switch opcode.code {
    case 0x4A /* BININT */: stack.append(.int(Int64(Int32(bitPattern: UInt32(try readFixed(4))))))
    case 0x4B /* BININT1 */: stack.append(.int(Int64(try readFixed(1))))
    case 0x4D /* BININT2 */: stack.append(.int(Int64(try readFixed(2))))
    case 0x49 /* INT */:
      let text = String(decoding: try line(), as: UTF8.self)
      stack.append(text.count <= 20 ? Int64(text).map(PickleStackItem.int) ?? .other : .other)
    case 0x8A /* LONG1 */:
      let length = try readCounted(width: 1, signed: false)
      guard let bytes = try readPayload(length), bytes.count <= 8 else {
        stack.append(.other)
        return
      }
      var value: UInt64 = 0
      for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
      if let last = bytes.last, last & 0x80 != 0, bytes.count < 8 { value |= ~0 << (8 * UInt64(bytes.count)) }
      stack.append(.int(Int64(bitPattern: value)))
    case 0x29 /* EMPTY_TUPLE */: stack.append(.tuple([]))
    case 0x74 /* TUPLE */: stack.append(tuple(try popMark()))
    case 0x85 /* TUPLE1 */, 0x86 /* TUPLE2 */, 0x87 /* TUPLE3 */:
      let count = opcode.code == 0x85 ? 1 : opcode.code == 0x86 ? 2 : 3
      var items: [PickleStackItem] = []
      for _ in 0..<count { items.insert(try pop(), at: 0) }
      stack.append(tuple(items))
    case 0x51 /* BINPERSID */:
      let pid = try pop()
      if case .tuple(let parts) = pid, parts.count >= 2, parts[0] == .string("storage"),
        case .global(let module, let name) = parts[1], module == "torch"
      {
        stack.append(.storage(Self.storageDTypes[name] ?? .opaque("torch:\(name)")))
      } else {
        stack.append(.other)
      }
    case 0x73 /* SETITEM */:
      let value = try pop()
      let key = try pop()
      _ = try pop()
      stack.append(.other)
      store(key, value)
    case 0x75 /* SETITEMS */:
      let items = try popMark()
      guard items.count % 2 == 0 else { throw Malformed(reason: "SETITEMS with an odd number of items") }
      _ = try pop()
      stack.append(.other)
      var index = 0
      while index + 1 < items.count {
        store(items[index], items[index + 1])
        index += 2
      }
    default:
      throw Malformed(reason: "unhandled opcode \(opcode.name)")
    }
  }
}

import Diagnostics

/// One protobuf wire-format field. Length-delimited payloads are not read: `start`/`length`
/// locate them so a caller can open a nested window or skip them for free.
struct ProtoField {
  /// Field number.
  let number: UInt64
  /// Wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.
  let wireType: UInt8
  /// The value of a varint / fixed field.
  let value: UInt64
  /// Absolute offset of a length-delimited payload.
  let start: UInt64
  /// Length of a length-delimited payload.
  let length: UInt64
  /// Absolute offset of the field's key.
  let offset: UInt64
}

/// A minimal protobuf wire reader over a window of a `ByteSource`, with nesting depth tracked
/// by the caller. Unknown fields are skipped; groups (wire types 3/4) are rejected.
struct ProtobufReader {
  let cursor: ByteCursor
  let depth: Int
  static let maxDepth = 64
  /// Longest string read into memory.
  static let maxString: UInt64 = 1 << 20

  init(cursor: ByteCursor, depth: Int = 0) {
    self.cursor = cursor
    self.depth = depth
  }

  /// Reads a base-128 varint (at most 10 bytes).
  func varint() throws -> UInt64 {
    var result: UInt64 = 0
    for index in 0..<10 {
      let byte = try cursor.readByte()
      if index == 9, byte > 1 { throw cursor.error(.invalidVarint, "varint overflows 64 bits") }
      result |= UInt64(byte & 0x7F) << (7 * UInt64(index))
      if byte & 0x80 == 0 { return result }
    }
    throw cursor.error(.invalidVarint, "varint longer than 10 bytes")
  }

  /// The next field, or `nil` at the end of the window.
  func next() throws -> ProtoField? {
    guard !cursor.atEnd else { return nil }
    let at = cursor.offset
    let key = try varint()
    let number = key >> 3
    let wire = UInt8(key & 7)
    guard number > 0 else { throw cursor.error(.invalidField, "field number 0", at: at) }
    switch wire {
    case 0: return ProtoField(number: number, wireType: 0, value: try varint(), start: 0, length: 0, offset: at)
    case 1: return ProtoField(number: number, wireType: 1, value: try cursor.read(UInt64.self), start: 0, length: 0, offset: at)
    case 5:
      return ProtoField(
        number: number, wireType: 5, value: UInt64(try cursor.read(UInt32.self)), start: 0, length: 0, offset: at)
    case 2:
      let length = try varint()
      let start = cursor.offset
      try cursor.skip(length)
      return ProtoField(number: number, wireType: 2, value: 0, start: start, length: length, offset: at)
    default:
      throw cursor.error(.invalidWireType, "unsupported wire type \(wire) for field \(number)", at: at)
    }
  }

  /// A reader over a length-delimited field's payload.
  func nested(_ field: ProtoField) throws -> ProtobufReader {
    guard field.wireType == 2 else {
      throw cursor.error(.invalidWireType, "field \(field.number) is not a message", at: field.offset)
    }
    guard depth + 1 <= Self.maxDepth else {
      throw cursor.error(.tooDeep, "messages nested deeper than \(Self.maxDepth)", at: field.offset)
    }
    let window = ByteCursor(
      source: cursor.source, start: field.start, end: field.start + field.length, area: cursor.area,
      file: cursor.file)
    return ProtobufReader(cursor: window, depth: depth + 1)
  }

  /// A length-delimited field as UTF-8 text (at most `maxString` bytes).
  func string(_ field: ProtoField) throws -> String {
    guard field.wireType == 2 else {
      throw cursor.error(.invalidWireType, "field \(field.number) is not a string", at: field.offset)
    }
    let window = ByteCursor(
      source: cursor.source, start: field.start, end: field.start + field.length, area: cursor.area,
      file: cursor.file)
    let bytes = try window.readBytes(field.length, limit: Self.maxString, limitProblem: .stringTooLarge)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw cursor.error(.invalidUtf8, "field \(field.number) is not valid UTF-8", at: field.offset)
    }
    return text
  }

  /// A repeated varint field, packed or not, appended to `values`.
  func int64s(_ field: ProtoField, into values: inout [Int64]) throws {
    if field.wireType == 0 {
      values.append(Int64(bitPattern: field.value))
      return
    }
    let packed = try nested(field)
    while !packed.cursor.atEnd { values.append(Int64(bitPattern: try packed.varint())) }
  }

  /// A varint field as a signed value.
  func int64(_ field: ProtoField) throws -> Int64 {
    guard field.wireType == 0 else {
      throw cursor.error(.invalidWireType, "field \(field.number) is not a varint", at: field.offset)
    }
    return Int64(bitPattern: field.value)
  }
}

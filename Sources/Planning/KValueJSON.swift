import Artifacts
import JSONWriting

/// A value tree as compact JSON, map keys in their order, through `JSONStream`.
enum KValueJSON {
  static func compact(_ value: KValue) -> String {
    var stream = JSONStream(pretty: false)
    write(value, key: nil, into: &stream)
    return stream.text
  }

  /// `value`, or `null`.
  static func compact(_ value: KValue?) -> String { value.map { compact($0) } ?? "null" }

  private static func write(_ value: KValue, key: String?, into stream: inout JSONStream) {
    switch value {
    case .string(let s): stream.string(key, s)
    case .int(let i): stream.int(key, i)
    case .bool(let b): stream.bool(key, b)
    case .null: stream.null(key)
    case .list(let items):
      stream.openArray(key)
      for item in items { write(item, key: nil, into: &stream) }
      stream.close(array: true)
    case .map(let map):
      stream.open(key)
      for entry in map.entries { write(entry.value, key: entry.key, into: &stream) }
      stream.close()
    }
  }
}

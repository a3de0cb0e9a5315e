import Artifacts
import CEL
import Foundation
import JSONWriting

/// Writes a CEL value as JSON (map order kept). Values JSON lacks become strings: bytes as base64,
/// timestamps as RFC 3339, durations as `1.5s`, quantities, IPs and types by their text; an empty
/// optional is `null`.
public enum CELJSON {
  /// `value` as a pretty JSON document (no trailing newline).
  public static func render(_ value: CELValue) -> String {
    var stream = JSONStream()
    write(value, key: nil, into: &stream)
    return stream.text
  }

  private static func write(_ value: CELValue, key: String?, into stream: inout JSONStream) {
    switch value {
    case .null, .optional(nil): stream.null(key)
    case .bool(let b): stream.bool(key, b)
    case .int(let i): stream.int(key, i)
    case .uint(let u): stream.int(key, u)
    case .double(let d):
      // As protobuf's JSON mapping spells what JSON numbers cannot.
      if d.isFinite { stream.double(key, d) } else { stream.string(key, d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")) }
    case .string(let s): stream.string(key, s)
    case .bytes(let b): stream.string(key, Data(b).base64EncodedString())
    case .list(let items):
      stream.openArray(key)
      for item in items { write(item, key: nil, into: &stream) }
      stream.close(array: true)
    case .map(let m):
      stream.open(key)
      for entry in m.entries {
        let name: String
        if case .string(let s) = entry.key { name = s } else { name = render(entry.key) }
        write(entry.value, key: name, into: &stream)
      }
      stream.close()
    case .optional(let wrapped?): write(wrapped, key: key, into: &stream)
    case .timestamp(let t): stream.string(key, t.description)
    case .duration(let d): stream.string(key, d.description)
    case .type(let t): stream.string(key, t.name)
    case .quantity(let q): stream.string(key, q.description)
    case .ip(let ip): stream.string(key, ip.description)
    case .cidr(let c): stream.string(key, "\(c)")
    case .object(let o): stream.string(key, "\(o)")
    case .error(let e): stream.string(key, "error: \(e.message)")
    }
  }
}

import Artifacts
import JSONWriting

/// A tiny deterministic JSON writer: keys in the order given, no Foundation, stable bytes.
struct JSONText {
  private(set) var text = ""
  private var indent = 0
  private var needsComma: [Bool] = []
  let pretty: Bool

  init(pretty: Bool = true) { self.pretty = pretty }

  /// A JSON string literal.
  static func quote(_ s: String) -> String {
    JSONString.quote(s)
  }

  /// Compact JSON of a value tree (map key order kept).
  static func compact(_ value: KValue) -> String {
    var out = ""
    write(value, into: &out)
    return out
  }

  private static func write(_ value: KValue, into out: inout String) {
    switch value {
    case .string(let s): out += quote(s)
    case .int(let i): out += String(i)
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    case .list(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        write(item, into: &out)
      }
      out += "]"
    case .map(let map):
      out += "{"
      for (i, entry) in map.entries.enumerated() {
        if i > 0 { out += "," }
        out += quote(entry.key) + ":"
        write(entry.value, into: &out)
      }
      out += "}"
    }
  }

  // MARK: Streaming pretty writer

  private mutating func separator() {
    if let last = needsComma.last {
      if last { text += "," }
      needsComma[needsComma.count - 1] = true
      if pretty { text += "\n" + String(repeating: "  ", count: indent) }
    }
  }

  private mutating func keyPrefix(_ key: String?) {
    separator()
    if let key { text += JSONText.quote(key) + (pretty ? ": " : ":") }
  }

  /// Opens an object (`key` nil inside arrays or at the top).
  mutating func open(_ key: String? = nil) {
    keyPrefix(key)
    text += "{"
    indent += 1
    needsComma.append(false)
  }

  /// Opens an array.
  mutating func openArray(_ key: String? = nil) {
    keyPrefix(key)
    text += "["
    indent += 1
    needsComma.append(false)
  }

  /// Closes the innermost object or array.
  mutating func close(array: Bool = false) {
    let hadItems = needsComma.removeLast()
    indent -= 1
    if pretty && hadItems { text += "\n" + String(repeating: "  ", count: indent) }
    text += array ? "]" : "}"
  }

  /// A member (or element) holding raw JSON.
  mutating func raw(_ key: String?, _ json: String) {
    keyPrefix(key)
    text += json
  }

  mutating func string(_ key: String?, _ value: String?) { raw(key, value.map(JSONText.quote) ?? "null") }
  mutating func int(_ key: String?, _ value: Int) { raw(key, String(value)) }
  mutating func bool(_ key: String?, _ value: Bool) { raw(key, value ? "true" : "false") }
  mutating func value(_ key: String?, _ value: KValue?) { raw(key, value.map(JSONText.compact) ?? "null") }
}

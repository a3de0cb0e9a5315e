/// Writes JSON as it goes, keys in the order the caller writes them: for documents whose order is
/// part of their shape (a plan: `formatVersion` first, each change's `action` first; a CEL map, in
/// its insertion order) and for ones too large to hold as a `JSON` tree. Pretty (two-space indent,
/// `"key": value`) or compact; strings quoted by `JSONString`, numbers as `JSON` writes them: the
/// same bytes `JSON.rendered` gives for the same values, keys aside.
public struct JSONStream {
  public private(set) var text = ""
  private var indent = 0
  private var needsComma: [Bool] = []
  public let pretty: Bool

  public init(pretty: Bool = true) { self.pretty = pretty }

  private mutating func separator() {
    guard let last = needsComma.last else { return }
    if last { text += "," }
    needsComma[needsComma.count - 1] = true
    if pretty { text += "\n" + String(repeating: "  ", count: indent) }
  }

  private mutating func keyPrefix(_ key: String?) {
    separator()
    if let key { text += JSONString.quote(key) + (pretty ? ": " : ":") }
  }

  /// Opens an object (`key` nil inside arrays or at the top).
  public mutating func open(_ key: String? = nil) {
    keyPrefix(key)
    text += "{"
    indent += 1
    needsComma.append(false)
  }

  /// Opens an array.
  public mutating func openArray(_ key: String? = nil) {
    keyPrefix(key)
    text += "["
    indent += 1
    needsComma.append(false)
  }

  /// Closes the innermost object or array.
  public mutating func close(array: Bool = false) {
    let hadItems = needsComma.removeLast()
    indent -= 1
    if pretty && hadItems { text += "\n" + String(repeating: "  ", count: indent) }
    text += array ? "]" : "}"
  }

  /// A member (or element) holding JSON text another `JSONStream` or `JSON` wrote (kept as it is,
  /// e.g. a compact object inside a pretty document).
  public mutating func raw(_ key: String?, _ json: String) {
    keyPrefix(key)
    text += json
  }

  public mutating func string(_ key: String?, _ value: String?) { raw(key, value.map(JSONString.quote) ?? "null") }
  public mutating func int<I: BinaryInteger>(_ key: String?, _ value: I) { raw(key, String(value)) }
  public mutating func bool(_ key: String?, _ value: Bool) { raw(key, value ? "true" : "false") }
  /// A finite double as `JSON` writes it; JSON has no spelling for the others, which are `null`.
  public mutating func double(_ key: String?, _ value: Double) { raw(key, JSON.number(value)) }
  public mutating func null(_ key: String?) { raw(key, "null") }
}

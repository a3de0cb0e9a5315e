/// Writes `JSON` documents: pretty (two-space indent, `"key": value`, one member per line) or
/// compact; object keys sorted by UTF-8 bytes; strings quoted by `JSONString`; non-finite doubles,
/// which JSON cannot spell, written as `null`.
extension JSON {
  /// The document as text, with a trailing newline when pretty.
  public func rendered(pretty: Bool = true) -> String {
    var out = ""
    write(into: &out, indent: pretty ? 0 : nil)
    if pretty { out += "\n" }
    return out
  }

  private func write(into out: inout String, indent: Int?) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += JSON.number(d)
    case .string(let s): out += JSONString.quote(s)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        JSON.newline(&out, indent.map { $0 + 1 })
        item.write(into: &out, indent: indent.map { $0 + 1 })
      }
      JSON.newline(&out, indent)
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      for (i, member) in sorted.enumerated() {
        if i > 0 { out += "," }
        JSON.newline(&out, indent.map { $0 + 1 })
        out += JSONString.quote(member.key)
        out += indent == nil ? ":" : ": "
        member.value.write(into: &out, indent: indent.map { $0 + 1 })
      }
      JSON.newline(&out, indent)
      out += "}"
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?) {
    guard let indent else { return }
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// A finite double in the shortest form that reads back to the same value (`0.85`, `1e-05`);
  /// integral values keep a `.0` so readers see a float. Non-finite values become `null`.
  static func number(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    return d.description
  }
}

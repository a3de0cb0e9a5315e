/// Decides whether a string may be written as a plain YAML scalar.
///
/// Conservative by design: plain only when the text is made of characters that carry no YAML meaning
/// and cannot resolve to a boolean, null or number under YAML 1.1 (PyYAML, Go yaml.v2) or 1.2.
enum YAMLQuoting {
  /// Words YAML 1.1 readers turn into booleans or null, in any case.
  static let reserved: Set<String> = [
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
  ]

  static func isPlainSafe(_ s: String) -> Bool {
    let bytes = s.utf8
    guard let first = bytes.first, let last = bytes.last else { return false }
    // Must start with a letter, digit, '/', '.' or '_' and not end in a space.
    guard isAlnum(first) || first == UInt8(ascii: "/") || first == UInt8(ascii: "_") || first == UInt8(ascii: ".") else { return false }
    if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
    var previous: UInt8 = 0
    for b in bytes {
      guard isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
        || b == UInt8(ascii: "/") || b == UInt8(ascii: ":") || b == UInt8(ascii: "@") || b == UInt8(ascii: "+")
        || b == UInt8(ascii: "=") || b == UInt8(ascii: " ") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")")
        || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: "$") || b == UInt8(ascii: "'")
      else { return false }
      // ": " starts a mapping value; " #" starts a comment; a ',' is an indicator inside flow collections.
      if previous == UInt8(ascii: ":") && b == UInt8(ascii: " ") { return false }
      previous = b
    }
    if bytes.contains(UInt8(ascii: "#")) { return false }
    if reserved.contains(s.lowercased()) { return false }
    if looksNumeric(s) { return false }
    return true
  }

  static func isAlnum(_ b: UInt8) -> Bool {
    (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
  }

  /// True for anything a YAML 1.1/1.2 reader might read as a number or timestamp:
  /// digits with `.`, `_`, `:`, `-`, `+`, `e`/`E`, `x`/`o`/`b` prefixes, `.inf`, `.nan`.
  static func looksNumeric(_ s: String) -> Bool {
    let lower = s.lowercased()
    if [".inf", "-.inf", "+.inf", ".nan"].contains(lower) { return true }
    var body = Substring(lower)
    if body.first == "-" || body.first == "+" { body = body.dropFirst() }
    if body.hasPrefix(".") { body = body.dropFirst() }
    guard let first = body.first, first.isASCII, first.isNumber else { return false }
    // Starts with a digit: numeric unless it contains a letter other than e/x/o/b/a-f hex digits in a 0x form.
    let allowed = Set("0123456789._:-+e")
    if body.allSatisfy({ allowed.contains($0) }) { return true }
    if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") { return true }
    return false
  }
}

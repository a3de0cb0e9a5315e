/// Decides whether a string may be written as a plain YAML scalar.
///
/// Conservative by design: plain only when the text is made of characters that carry no YAML meaning
/// and cannot resolve to a boolean, null or number under YAML 1.1 (PyYAML, Go yaml.v2) or 1.2.
/// Works on UTF-8 bytes with a bit mask: this runs for every key and value Paved writes.
enum YAMLQuoting {
  /// Bytes allowed anywhere in a plain scalar (ASCII letters, digits and a few safe punctuation marks).
  ///
  /// A bit mask in two words (bytes from 128 up are never allowed) rather than a lazily initialised table: this runs for every key and
  /// value Paved writes, and a global's `swift_once` check per byte showed up in profiles.
  @inline(__always)
  static func isAllowed(_ b: UInt8) -> Bool {
    // Bits for "-_./:@+= (),;$'", digits and letters; `allowedSet` spells the same set out.
    let word: UInt64
    switch b >> 6 {
    case 0: word = 0x2FFF_FB91_0000_0000  // ' ', '$', quote, '(', ')', '+', ',', '-', '.', '/', 0-9, ':', ';', '='
    case 1: word = 0x07FF_FFFE_87FF_FFFF  // '@', A-Z, '_', a-z
    default: return false
    }
    return word & (1 << UInt64(b & 63)) != 0
  }

  /// The allowed set, spelled out (tests compare it with `isAllowed`).
  static var allowedSet: Set<UInt8> {
    var set = Set<UInt8>()
    for b in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(b) }
    for b in UInt8(ascii: "a")...UInt8(ascii: "z") { set.insert(b) }
    for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { set.insert(b) }
    for c in "-_./:@+= (),;$'" { set.insert(c.asciiValue ?? 0) }
    return set
  }

  /// Words YAML 1.1 readers turn into booleans or null, lower-cased.
  static let reserved: [[UInt8]] = ["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"].map { Array($0.utf8) }

  static func isPlainSafe(_ s: String) -> Bool {
    var copy = s
    return copy.withUTF8 { isPlainSafe($0) }
  }

  static func isPlainSafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first, let last = bytes.last else { return false }
    // Must start with a letter, digit, '/', '.' or '_' and not end in a space or ':'.
    guard isAlnum(first) || first == UInt8(ascii: "/") || first == UInt8(ascii: "_") || first == UInt8(ascii: ".") else { return false }
    if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
    var previous: UInt8 = 0
    for b in bytes {
      guard isAllowed(b) else { return false }
      // ": " starts a mapping value.
      if previous == UInt8(ascii: ":") && b == UInt8(ascii: " ") { return false }
      previous = b
    }
    if bytes.count <= 5 && isReserved(bytes) { return false }
    return !looksNumeric(bytes)
  }

  static func isAlnum(_ b: UInt8) -> Bool {
    (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
  }

  static func isReserved(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    reserved.contains { word in
      word.count == bytes.count && zip(word, bytes).allSatisfy { $0 == ($1 >= 65 && $1 <= 90 ? $1 + 32 : $1) }
    }
  }

  /// True for anything a YAML 1.1/1.2 reader might read as a number or timestamp: after an optional
  /// sign and '.', a digit followed only by digits, '.', '_', ':', '-', '+' or 'e'/'E'; a 0x/0o/0b
  /// prefix; or `.inf`/`.nan`.
  static func looksNumeric(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { i += 1 }
    if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
      i += 1
      let rest = bytes.count - i
      if rest == 3 {
        let word = (bytes[i] | 0x20, bytes[i + 1] | 0x20, bytes[i + 2] | 0x20)
        if word == (UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "f")) || word == (UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "n")) {
          return true
        }
      }
    }
    guard i < bytes.count, bytes[i] >= 48 && bytes[i] <= 57 else { return false }
    if bytes[i] == UInt8(ascii: "0") && i + 1 < bytes.count {
      let p = bytes[i + 1] | 0x20
      if p == UInt8(ascii: "x") || p == UInt8(ascii: "o") || p == UInt8(ascii: "b") { return true }
    }
    for j in i..<bytes.count {
      let b = bytes[j]
      let ok =
        (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":")
        || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
      if !ok { return false }
    }
    return true
  }
}

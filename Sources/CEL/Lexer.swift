import Foundation

/// A lexical token.
struct Token {
  enum Kind: Equatable {
    case ident(String)
    /// A backtick-quoted identifier (only valid as a field name).
    case quotedIdent(String)
    /// An integer literal's magnitude (sign is applied by the parser).
    case int(UInt64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case punct(String)
    case eof
  }
  let kind: Kind
  let offset: Int
}

/// Splits CEL source into tokens.
struct Lexer {
  private let s: [Unicode.Scalar]
  private let source: CELSource
  private var i = 0
  private var previous: Token.Kind = .eof

  init(source: CELSource) {
    self.source = source
    self.s = source.scalars
  }

  private func error(_ message: String, at offset: Int) -> CELError {
    CELError(.parse, message, location: source.location(of: offset))
  }

  func peekScalar(_ ahead: Int) -> Unicode.Scalar? { peek(ahead) }
  var position: Int { i }
  mutating func advance(_ n: Int) { i += n }
  func lexError(_ message: String, at offset: Int) -> CELError { error(message, at: offset) }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    i + ahead < s.count ? s[i + ahead] : nil
  }

  static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
  }

  static func isDigit(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return c >= "0" && c <= "9"
  }

  /// All tokens, ending with `.eof`.
  mutating func tokenize() throws(CELError) -> [Token] {
    var tokens: [Token] = []
    while true {
      let token = try next()
      tokens.append(token)
      previous = token.kind
      if token.kind == .eof { return tokens }
    }
  }

  private mutating func skipTrivia() {
    while let c = peek() {
      if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" || c == "\u{0B}" {
        i += 1
      } else if c == "/" && peek(1) == "/" {
        while let d = peek(), d != "\n" { i += 1 }
      } else {
        return
      }
    }
  }

  private mutating func next() throws(CELError) -> Token {
    skipTrivia()
    let start = i
    guard let c = peek() else { return Token(kind: .eof, offset: s.count) }
    if Lexer.isIdentStart(c) {
      if let token = try stringWithPrefix(start: start) { return token }
      var name = ""
      while let d = peek(), Lexer.isIdentStart(d) || Lexer.isDigit(d) {
        name.unicodeScalars.append(d)
        i += 1
      }
      return Token(kind: .ident(name), offset: start)
    }
    if Lexer.isDigit(c) || (c == "." && Lexer.isDigit(peek(1)) && !previousEndsOperand) {
      return try number(start: start)
    }
    if c == "\"" || c == "'" {
      return try string(start: start, raw: false, bytes: false)
    }
    if c == "`" {
      i += 1
      var name = ""
      while let d = peek(), d != "`" {
        guard d != "\n" else { break }
        name.unicodeScalars.append(d)
        i += 1
      }
      guard peek() == "`", !name.isEmpty else { throw error("unterminated quoted identifier", at: start) }
      i += 1
      return Token(kind: .quotedIdent(name), offset: start)
    }
    let two = peek(1).map { String(c) + String($0) } ?? ""
    if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
      i += 2
      return Token(kind: .punct(two), offset: start)
    }
    if "<>+-*/%!?:.,[](){}".unicodeScalars.contains(c) {
      i += 1
      return Token(kind: .punct(String(c)), offset: start)
    }
    throw error("unexpected character '\(c.escaped(asASCII: true))'", at: start)
  }

  private var previousEndsOperand: Bool {
    switch previous {
    case .ident, .quotedIdent, .int, .uint, .double, .string, .bytes: return true
    case .punct(let p): return p == ")" || p == "]" || p == "}"
    case .eof: return false
    }
  }

  private mutating func stringWithPrefix(start: Int) throws(CELError) -> Token? {
    var j = i
    var raw = false
    var bytes = false
    while j < s.count, j - i < 2 {
      let c = s[j]
      if (c == "r" || c == "R") && !raw {
        raw = true
      } else if (c == "b" || c == "B") && !bytes {
        bytes = true
      } else {
        break
      }
      j += 1
    }
    guard j > i, j < s.count, s[j] == "\"" || s[j] == "'" else { return nil }
    i = j
    return try string(start: start, raw: raw, bytes: bytes)
  }

  private mutating func number(start: Int) throws(CELError) -> Token {
    if peek() == "0", peek(1) == "x" || peek(1) == "X" {
      i += 2
      var digits = ""
      while let d = peek(), d.properties.isASCIIHexDigit {
        digits.unicodeScalars.append(d)
        i += 1
      }
      guard let value = UInt64(digits, radix: 16) else { throw error("invalid hex literal", at: start) }
      if peek() == "u" || peek() == "U" {
        i += 1
        return Token(kind: .uint(value), offset: start)
      }
      return Token(kind: .int(value), offset: start)
    }
    var text = ""
    var isDouble = false
    while Lexer.isDigit(peek()) {
      text.unicodeScalars.append(s[i])
      i += 1
    }
    if peek() == ".", Lexer.isDigit(peek(1)) {
      isDouble = true
      text += "."
      i += 1
      while Lexer.isDigit(peek()) {
        text.unicodeScalars.append(s[i])
        i += 1
      }
    }
    if peek() == "e" || peek() == "E" {
      var j = i + 1
      if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
      if j < s.count, Lexer.isDigit(s[j]) {
        isDouble = true
        text += "e"
        i += 1
        if peek() == "+" || peek() == "-" {
          text.unicodeScalars.append(s[i])
          i += 1
        }
        while Lexer.isDigit(peek()) {
          text.unicodeScalars.append(s[i])
          i += 1
        }
      }
    }
    if isDouble {
      guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
        throw error("invalid floating-point literal", at: start)
      }
      return Token(kind: .double(value), offset: start)
    }
    guard let value = UInt64(text) else { throw error("integer literal out of range", at: start) }
    if peek() == "u" || peek() == "U" {
      i += 1
      return Token(kind: .uint(value), offset: start)
    }
    return Token(kind: .int(value), offset: start)
  }
}

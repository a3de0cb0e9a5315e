import Foundation

extension Lexer {
  /// Lexes a quoted string or bytes literal starting at the opening quote.
  mutating func string(start: Int, raw: Bool, bytes: Bool) throws(CELError) -> Token {
    guard let quote = peekScalar(0) else { throw lexError("unterminated string", at: start) }
    let triple = peekScalar(1) == quote && peekScalar(2) == quote
    advance(triple ? 3 : 1)
    var out = LiteralBuffer(bytes: bytes)
    while true {
      guard let c = peekScalar(0) else { throw lexError("unterminated string literal", at: start) }
      if c == quote {
        if !triple {
          advance(1)
          break
        }
        if peekScalar(1) == quote && peekScalar(2) == quote {
          advance(3)
          break
        }
      }
      if !triple && (c == "\n" || c == "\r") {
        throw lexError("newline in single-quoted string literal", at: position)
      }
      if c == "\\" && !raw {
        try escape(into: &out)
        continue
      }
      out.append(scalar: c)
      advance(1)
    }
    return Token(kind: bytes ? .bytes(out.data) : .string(out.text), offset: start)
  }

  private mutating func escape(into out: inout LiteralBuffer) throws(CELError) {
    let start = position
    advance(1)
    guard let c = peekScalar(0) else { throw lexError("unterminated escape sequence", at: start) }
    advance(1)
    switch c {
    case "\\", "?", "\"", "'", "`": out.append(scalar: c)
    case "a": out.append(scalar: "\u{07}")
    case "b": out.append(scalar: "\u{08}")
    case "f": out.append(scalar: "\u{0C}")
    case "n": out.append(scalar: "\n")
    case "r": out.append(scalar: "\r")
    case "t": out.append(scalar: "\t")
    case "v": out.append(scalar: "\u{0B}")
    case "x", "X":
      let value = try hexDigits(2, start: start)
      out.append(byteOrLatin1: UInt8(value))
    case "u", "U":
      let value = try hexDigits(c == "u" ? 4 : 8, start: start)
      guard let scalar = Unicode.Scalar(value) else { throw lexError("invalid unicode code point", at: start) }
      out.append(scalar: scalar)
    case "0", "1", "2", "3":
      var value = UInt32(c.value - 48)
      for _ in 0..<2 {
        guard let d = peekScalar(0), d >= "0" && d <= "7" else {
          throw lexError("invalid octal escape", at: start)
        }
        value = value * 8 + (d.value - 48)
        advance(1)
      }
      out.append(byteOrLatin1: UInt8(value))
    default:
      throw lexError("invalid escape sequence '\\\(c)'", at: start)
    }
  }

  private mutating func hexDigits(_ count: Int, start: Int) throws(CELError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<count {
      guard let d = peekScalar(0), d.properties.isASCIIHexDigit,
        let digit = UInt32(String(d), radix: 16)
      else { throw lexError("invalid hex escape", at: start) }
      value = value * 16 + digit
      advance(1)
    }
    return value
  }
}

/// Accumulates a string or bytes literal.
struct LiteralBuffer {
  let isBytes: Bool
  var data: [UInt8] = []
  var scalars = String.UnicodeScalarView()

  init(bytes: Bool) { isBytes = bytes }

  mutating func append(scalar: Unicode.Scalar) {
    if isBytes {
      data.append(contentsOf: Array(String(scalar).utf8))
    } else {
      scalars.append(scalar)
    }
  }

  /// `\x` and octal escapes: a raw byte in bytes literals, a U+00XX code point in strings.
  mutating func append(byteOrLatin1 value: UInt8) {
    if isBytes {
      data.append(value)
    } else {
      scalars.append(Unicode.Scalar(value))
    }
  }

  var text: String { String(scalars) }
}

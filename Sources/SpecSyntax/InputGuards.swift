import Diagnostics

/// Limits that keep hostile input from exhausting memory, stack or time.
public struct LoaderLimits: Sendable {
  /// Largest file accepted, in bytes.
  public var maxFileBytes: Int
  /// Deepest nesting of mappings and lists accepted in a document.
  public var maxDepth: Int
  /// Bound used by the pre-scan that runs before the YAML composer (which recurses).
  public var maxScanDepth: Int

  public init(maxFileBytes: Int = 32 << 20, maxDepth: Int = 64, maxScanDepth: Int = 400) {
    self.maxFileBytes = maxFileBytes
    self.maxDepth = maxDepth
    self.maxScanDepth = maxScanDepth
  }

  public static let `default` = LoaderLimits()
}

/// Byte-level checks run before any YAML parsing, each producing one located diagnostic.
enum InputGuards {
  /// Offset of the first NUL byte, if any.
  static func firstNUL(_ bytes: [UInt8]) -> Int? { bytes.firstIndex(of: 0) }

  /// Offset of the first byte that is not part of valid UTF-8, if any.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var minimum: UInt32
      var scalar: UInt32
      switch b {
      case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(b & 0x1F))
      case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(b & 0x0F))
      case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(b & 0x07))
      default: return i
      }
      guard i + length <= n else { return i }
      for k in 1..<length {
        let c = bytes[i + k]
        guard c & 0xC0 == 0x80 else { return i }
        scalar = (scalar << 6) | UInt32(c & 0x3F)
      }
      if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
      minimum = 0
      i += length
    }
    return nil
  }

  /// Offset of the first line break other than LF or CRLF (a lone CR, NEL, LINE or PARAGRAPH
  /// SEPARATOR). YAML counts those as line breaks while editors mostly do not, so every position
  /// after one would disagree with what the user sees; they are refused instead.
  static func firstUnusualLineBreak(_ bytes: [UInt8]) -> (offset: Int, name: String)? {
    let n = bytes.count
    var i = 0
    while i < n {
      switch bytes[i] {
      case 0x0D where i + 1 >= n || bytes[i + 1] != 0x0A: return (i, "a carriage return (CR) without a line feed")
      case 0xC2 where i + 1 < n && bytes[i + 1] == 0x85: return (i, "NEXT LINE (U+0085)")
      case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA8: return (i, "LINE SEPARATOR (U+2028)")
      case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA9: return (i, "PARAGRAPH SEPARATOR (U+2029)")
      default: break
      }
      i += 1
    }
    return nil
  }

  /// Byte offsets of tabs used in indentation (YAML forbids them; libyaml's message is cryptic).
  static func tabIndentation(_ bytes: [UInt8], limit: Int = 5) -> [Int] {
    var found: [Int] = []
    var atLineStart = true
    for (i, b) in bytes.enumerated() {
      if b == UInt8(ascii: "\n") {
        atLineStart = true
        continue
      }
      guard atLineStart else { continue }
      if b == UInt8(ascii: "\t") {
        found.append(i)
        atLineStart = false
        if found.count >= limit { break }
      } else if b != UInt8(ascii: " ") {
        atLineStart = false
      }
    }
    return found
  }

  /// Offset where a conservative bound on nesting depth first exceeds `limit`, if it does.
  ///
  /// The bound is indentation + block-sequence dashes on the line + open flow brackets. Inside flow
  /// collections quoted scalars and comments are tracked exactly (plain scalars cannot hold brackets
  /// there); outside them every bracket counts, which can only over-estimate. So the bound is never
  /// below the true depth, and a document that passes cannot overflow the recursive composer.
  static func excessiveNesting(_ bytes: [UInt8], limit: Int) -> Int? {
    let newline = UInt8(ascii: "\n")
    let space = UInt8(ascii: " ")
    let tab = UInt8(ascii: "\t")
    let single = UInt8(ascii: "'")
    let double = UInt8(ascii: "\"")
    let quoteOpeners: Set<UInt8> = Set("[{,:?".utf8)
    var flow = 0
    var indentation = 0
    var dashes = 0
    var atLineStart = true
    var inComment = false
    var quote: UInt8? = nil
    var previous = newline
    var previousNonSpace = newline
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      defer {
        previous = b
        if b != space && b != tab { previousNonSpace = b }
        i += 1
      }
      if let q = quote {
        if q == double && b == UInt8(ascii: "\\") {
          i += 1  // skip the escaped byte
        } else if b == q {
          if q == single && i + 1 < n && bytes[i + 1] == single { i += 1 } else { quote = nil }
        }
        continue
      }
      if b == newline {
        atLineStart = true
        indentation = 0
        dashes = 0
        inComment = false
        continue
      }
      if inComment { continue }
      if atLineStart && b == space {
        indentation += 1
        if indentation + flow > limit { return i }
        continue
      }
      atLineStart = false
      switch b {
      case UInt8(ascii: "#") where previous == space || previous == tab || previous == newline:
        inComment = true
      case single where flow > 0 && quoteOpeners.contains(previousNonSpace),
        double where flow > 0 && quoteOpeners.contains(previousNonSpace):
        quote = b
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        flow += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        flow = max(0, flow - 1)
      case UInt8(ascii: "-") where previous == space || previous == newline:
        dashes += 1
      default:
        break
      }
      if indentation + flow + dashes > limit { return i }
    }
    return nil
  }
}

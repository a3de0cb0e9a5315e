import Foundation

/// Escapes and character classes.
extension RegexParser {
  enum Escape {
    case scalar(Unicode.Scalar)
    case set(RegexCharClass)
    case node(RegexNode)

    func node(_ fold: Bool) -> RegexNode {
      switch self {
      case .scalar(let c): return .literal(c, fold: fold)
      case .set(var set):
        set.foldCase = fold
        return .charClass(set)
      case .node(let n): return n
      }
    }
  }

  mutating func escape(inClass: Bool) throws(CELEvalError) -> Escape {
    guard let c = peek() else { throw fail("trailing backslash") }
    i += 1
    switch c {
    case "1"..."9": throw fail("backreferences are not supported")
    case "0": return .scalar("\0")
    case "n": return .scalar("\n")
    case "t": return .scalar("\t")
    case "r": return .scalar("\r")
    case "f": return .scalar("\u{0C}")
    case "v": return .scalar("\u{0B}")
    case "a": return .scalar("\u{07}")
    case "d": return .set(.digit)
    case "w": return .set(.word)
    case "s": return .set(.space)
    case "D", "W", "S":
      var set: RegexCharClass = c == "D" ? .digit : (c == "W" ? .word : .space)
      set.negated = true
      return .set(set)
    case "b" where !inClass: return .node(.wordBoundary(true))
    case "B" where !inClass: return .node(.wordBoundary(false))
    case "A" where !inClass: return .node(.textStart)
    case "z" where !inClass: return .node(.textEnd)
    case "x":
      var digits = ""
      if peek() == "{" {
        i += 1
        while let d = peek(), d != "}" {
          digits.unicodeScalars.append(d)
          i += 1
        }
        i += 1
      } else {
        for _ in 0..<2 {
          if let d = peek() { digits.unicodeScalars.append(d) }
          i += 1
        }
      }
      guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
        throw fail("invalid escape \\x")
      }
      return .scalar(scalar)
    case "p", "P":
      var name = ""
      if peek() == "{" {
        i += 1
        while let d = peek(), d != "}" {
          name.unicodeScalars.append(d)
          i += 1
        }
        i += 1
      } else if let d = peek() {
        name = String(d)
        i += 1
      }
      guard var set = RegexParser.unicodeClass(name) else { throw fail("invalid character class range: \\p{\(name)}") }
      if c == "P" { set.negated.toggle() }
      return .set(set)
    default:
      if c.isASCII && (c.properties.isAlphabetic || (Int(String(c)) != nil)) {
        throw fail("invalid escape sequence \\\(c)")
      }
      return .scalar(c)
    }
  }

  /// `\p{Name}`: general categories exactly (from Unicode scalar properties), a few scripts by range.
  static func unicodeClass(_ name: String) -> RegexCharClass? {
    typealias C = Unicode.GeneralCategory
    let categories: [String: [C]] = [
      "L": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
      "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter], "Lm": [.modifierLetter],
      "Lo": [.otherLetter], "M": [.nonspacingMark, .spacingMark, .enclosingMark], "Mn": [.nonspacingMark],
      "N": [.decimalNumber, .letterNumber, .otherNumber], "Nd": [.decimalNumber], "Nl": [.letterNumber],
      "No": [.otherNumber],
      "P": [
        .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
        .finalPunctuation, .otherPunctuation,
      ],
      "S": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol], "Sm": [.mathSymbol], "Sc": [.currencySymbol],
      "Z": [.spaceSeparator, .lineSeparator, .paragraphSeparator], "Zs": [.spaceSeparator],
      "C": [.control, .format, .surrogate, .privateUse, .unassigned], "Cc": [.control],
    ]
    if let list = categories[name] { return RegexCharClass(categories: list) }
    switch name {
    case "Greek": return RegexCharClass(ranges: [0x370...0x3FF, 0x1F00...0x1FFF])
    case "Latin":
      return RegexCharClass(ranges: [65...90, 97...122, 0xAA...0xAA, 0xBA...0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x1E00...0x1EFF])
    case "Cyrillic": return RegexCharClass(ranges: [0x400...0x52F, 0x2DE0...0x2DFF, 0xA640...0xA69F])
    case "Han":
      return RegexCharClass(ranges: [
        0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F,
      ])
    case "Arabic": return RegexCharClass(ranges: [0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFF])
    case "Hiragana": return RegexCharClass(ranges: [0x3041...0x309F])
    case "Katakana": return RegexCharClass(ranges: [0x30A0...0x30FF, 0x31F0...0x31FF])
    default: return nil
    }
  }

  mutating func charClass() throws(CELEvalError) -> RegexCharClass {
    var set = RegexCharClass()
    set.foldCase = foldCase
    if peek() == "^" {
      set.negated = true
      i += 1
    }
    var first = true
    while let c = peek(), c != "]" || first {
      first = false
      if c == "[" && peek(1) == ":" {
        guard let close = ((i + 3)..<max(i + 3, s.count)).first(where: { s[$0] == "]" && s[$0 - 1] == ":" }) else {
          throw fail("missing ]")
        }
        var name = String(String.UnicodeScalarView(s[(i + 2)..<(close - 1)]))
        let negate = name.hasPrefix("^")
        if negate { name.removeFirst() }
        guard let ranges = RegexCharClass.posix[name] else { throw fail("invalid character class range") }
        if negate {
          var inverse: [ClosedRange<UInt32>] = []
          var next: UInt32 = 0
          for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if r.lowerBound > next { inverse.append(next...(r.lowerBound - 1)) }
            next = r.upperBound + 1
          }
          if next <= 0x10FFFF { inverse.append(next...0x10FFFF) }
          set.ranges += inverse
        } else {
          set.ranges += ranges
        }
        i = close + 1
        continue
      }
      i += 1
      var low: UInt32
      if c == "\\" {
        switch try escape(inClass: true) {
        case .scalar(let scalar): low = scalar.value
        case .set(let inner):
          if !inner.categories.isEmpty {
            if inner.negated {
              set.excludedCategories += inner.categories
            } else {
              set.categories += inner.categories
            }
          }
          if inner.negated && !inner.ranges.isEmpty {
            var inverse: [ClosedRange<UInt32>] = []
            var next: UInt32 = 0
            for r in inner.ranges {
              if r.lowerBound > next { inverse.append(next...(r.lowerBound - 1)) }
              next = r.upperBound + 1
            }
            if next <= 0x10FFFF { inverse.append(next...0x10FFFF) }
            set.ranges += inverse
          } else if !inner.negated {
            set.ranges += inner.ranges
          }
          continue
        case .node: throw fail("invalid escape in class")
        }
      } else {
        low = c.value
      }
      if peek() == "-", let next = peek(1), next != "]" {
        i += 2
        var high = next.value
        if next == "\\" {
          guard case .scalar(let scalar) = try escape(inClass: true) else { throw fail("invalid range") }
          high = scalar.value
        }
        guard high >= low else { throw fail("invalid character class range") }
        set.ranges.append(low...high)
      } else {
        set.ranges.append(low...low)
      }
    }
    guard peek() == "]" else { throw fail("missing ]") }
    i += 1
    return set
  }
}

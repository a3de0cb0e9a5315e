import Foundation

/// Parses RE2 syntax into `RegexNode`.
struct RegexParser {
  let s: [Unicode.Scalar]
  var i = 0
  var foldCase = false
  private var dotAll = false
  private var multiLine = false
  private var ungreedy = false
  private var depth = 0

  init(_ pattern: String) { s = Array(pattern.unicodeScalars) }

  func fail(_ message: String) -> CELEvalError {
    CELEvalError("invalid regex: \(message)")
  }

  func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

  mutating func parse() throws(CELEvalError) -> RegexNode {
    let node = try alternation()
    guard i == s.count else { throw fail("unexpected )") }
    return node
  }

  private mutating func alternation() throws(CELEvalError) -> RegexNode {
    depth += 1
    defer { depth -= 1 }
    guard depth < 200 else { throw fail("nesting too deep") }
    var branches = [try concatenation()]
    while peek() == "|" {
      i += 1
      branches.append(try concatenation())
    }
    return branches.count == 1 ? branches[0] : .alternate(branches)
  }

  private mutating func concatenation() throws(CELEvalError) -> RegexNode {
    var items: [RegexNode] = []
    while let c = peek(), c != "|", c != ")" {
      var atom = try self.atom()
      if case .empty = atom { continue }
      var quantified = false
      while let q = peek(), q == "*" || q == "+" || q == "?" || q == "{" {
        guard let (min, max) = try quantifier() else { break }
        var greedy = true
        if peek() == "?" {
          greedy = false
          i += 1
        } else if peek() == "+" {
          throw fail("bad repetition operator: possessive quantifiers are not supported")
        }
        if ungreedy { greedy.toggle() }
        if quantified { throw fail("bad repetition operator") }
        quantified = true
        atom = .repeat(atom, min: min, max: max, greedy: greedy)
      }
      items.append(atom)
    }
    return items.count == 1 ? items[0] : .concat(items)
  }

  private mutating func quantifier() throws(CELEvalError) -> (Int, Int?)? {
    guard let c = peek() else { return nil }
    switch c {
    case "*":
      i += 1
      return (0, nil)
    case "+":
      i += 1
      return (1, nil)
    case "?":
      i += 1
      return (0, 1)
    default:
      var j = i + 1
      func number() -> Int? {
        var value = 0
        var seen = false
        while j < s.count, let d = Int(String(s[j])), s[j].isASCII {
          value = min(value * 10 + d, 100_000)
          seen = true
          j += 1
        }
        return seen ? value : nil
      }
      guard let low = number() else { return nil }
      var high: Int? = low
      if j < s.count && s[j] == "," {
        j += 1
        high = number()
      }
      guard j < s.count && s[j] == "}" else { return nil }
      i = j + 1
      guard low <= 1000, (high ?? 0) <= 1000, high.map({ $0 >= low }) ?? true else {
        throw fail("bad repetition operator")
      }
      return (low, high)
    }
  }

  private mutating func atom() throws(CELEvalError) -> RegexNode {
    guard let c = peek() else { return .empty }
    i += 1
    switch c {
    case "(": return try group()
    case "[": return .charClass(try charClass())
    case ".": return .any(matchesNewline: dotAll)
    case "^": return multiLine ? .lineStart : .textStart
    case "$": return multiLine ? .lineEnd : .textEnd
    case "*", "+", "?": throw fail("missing argument to repetition operator: \(c)")
    case "\\": return try escape(inClass: false).node(foldCase)
    default: return .literal(c, fold: foldCase)
    }
  }

  private mutating func group() throws(CELEvalError) -> RegexNode {
    if peek() == "?" {
      i += 1
      guard let c = peek() else { throw fail("missing )") }
      if c == "=" || c == "!" || c == ">" { throw fail("lookaround and atomic groups are not supported") }
      if c == "<" && (peek(1) == "=" || peek(1) == "!") { throw fail("lookbehind is not supported") }
      if c == "P" || c == "<" {
        if c == "P" {
          guard peek(1) == "<" else { throw fail("invalid named capture") }
          i += 2
        } else {
          i += 1
        }
        while let d = peek(), d != ">" {
          guard d == "_" || d.properties.isAlphabetic || (d.isASCII && Int(String(d)) != nil) else {
            throw fail("invalid named capture")
          }
          i += 1
        }
        guard peek() == ">" else { throw fail("invalid named capture") }
        i += 1
        return try groupBody()
      }
      let saved = (foldCase, dotAll, multiLine, ungreedy)
      var negate = false
      while let d = peek(), d != ")" && d != ":" {
        i += 1
        switch d {
        case "i": foldCase = !negate
        case "s": dotAll = !negate
        case "m": multiLine = !negate
        case "U": ungreedy = !negate
        case "-": negate = true
        default: throw fail("invalid or unsupported Perl syntax: (?\(d)")
        }
      }
      guard let end = peek() else { throw fail("missing )") }
      i += 1
      if end == ")" { return .empty }
      let body = try alternation()
      guard peek() == ")" else { throw fail("missing )") }
      i += 1
      (foldCase, dotAll, multiLine, ungreedy) = saved
      return body
    }
    return try groupBody()
  }

  private mutating func groupBody() throws(CELEvalError) -> RegexNode {
    let saved = (foldCase, dotAll, multiLine, ungreedy)
    let body = try alternation()
    guard peek() == ")" else { throw fail("missing )") }
    i += 1
    (foldCase, dotAll, multiLine, ungreedy) = saved
    return body
  }
}

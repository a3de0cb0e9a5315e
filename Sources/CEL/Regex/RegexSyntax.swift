import Foundation

/// A set of scalars: ranges, optionally negated and case-folded.
struct RegexCharClass: Sendable {
  var ranges: [ClosedRange<UInt32>] = []
  /// General categories that match (`\pL`).
  var categories: [Unicode.GeneralCategory] = []
  /// Inside brackets, `\PL`: anything outside these categories matches.
  var excludedCategories: [Unicode.GeneralCategory] = []
  var negated = false
  var foldCase = false

  func contains(_ c: Unicode.Scalar) -> Bool {
    var hit = rawContains(c.value)
    if !hit && foldCase {
      for variant in RegexCharClass.caseVariants(c) where rawContains(variant.value) {
        hit = true
        break
      }
    }
    return hit != negated
  }

  private func rawContains(_ v: UInt32) -> Bool {
    for range in ranges where range.contains(v) { return true }
    if !categories.isEmpty || !excludedCategories.isEmpty, let scalar = Unicode.Scalar(v) {
      let category = scalar.properties.generalCategory
      if categories.contains(category) { return true }
      if !excludedCategories.isEmpty && !excludedCategories.contains(category) { return true }
    }
    return false
  }

  static func caseVariants(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    for mapped in [c.properties.lowercaseMapping, c.properties.uppercaseMapping] {
      let scalars = Array(mapped.unicodeScalars)
      if scalars.count == 1, scalars[0] != c { out.append(scalars[0]) }
    }
    return out
  }

  static let digit = RegexCharClass(ranges: [48...57])
  static let word = RegexCharClass(ranges: [48...57, 65...90, 95...95, 97...122])
  static let space = RegexCharClass(ranges: [9...10, 12...13, 32...32])

  static func isWord(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return word.contains(c)
  }

  static let posix: [String: [ClosedRange<UInt32>]] = [
    "alnum": [48...57, 65...90, 97...122], "alpha": [65...90, 97...122], "ascii": [0...127],
    "blank": [9...9, 32...32], "cntrl": [0...31, 127...127], "digit": [48...57], "graph": [33...126],
    "lower": [97...122], "print": [32...126], "punct": [33...47, 58...64, 91...96, 123...126],
    "space": [9...13, 32...32], "upper": [65...90], "word": [48...57, 65...90, 95...95, 97...122],
    "xdigit": [48...57, 65...70, 97...102],
  ]
}

/// A parsed regular expression.
indirect enum RegexNode: Sendable {
  case empty
  case literal(Unicode.Scalar, fold: Bool)
  case charClass(RegexCharClass)
  case any(matchesNewline: Bool)
  case lineStart, lineEnd, textStart, textEnd
  case wordBoundary(Bool)
  case concat([RegexNode])
  case alternate([RegexNode])
  case `repeat`(RegexNode, min: Int, max: Int?, greedy: Bool)
}

/// A compiled RE2-compatible regular expression (linear-time Pike VM).
struct RE2Regex: Sendable {
  let program: [RegexInstruction]

  /// Evaluation cost of one search: the Pike VM is O(input × program).
  func cost(forInputLength length: Int) -> Int {
    1 + (length + 1) * program.count / 32
  }

  /// Compiles `pattern`, rejecting syntax RE2 does not support.
  init(_ pattern: String) throws(CELEvalError) {
    var parser = RegexParser(pattern)
    let node = try parser.parse()
    var compiler = RegexCompiler()
    try compiler.emit(node)
    compiler.program.append(.match)
    program = compiler.program
  }
}

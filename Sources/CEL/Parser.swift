import Foundation

/// Limits applied while parsing.
public struct CELParserLimits: Sendable {
  /// Maximum syntactic nesting (parentheses, lists, calls, unary chains).
  public var maxNesting: Int = 100
  /// Maximum height of the expanded syntax tree.
  public var maxTreeDepth: Int = 500
  /// Maximum expression length in Unicode scalars.
  public var maxLength: Int = 100_000
  /// Default limits.
  public init() {}
}

/// Recursive-descent parser for CEL; expands macros as it goes.
struct Parser {
  let source: CELSource
  let limits: CELParserLimits
  var tokens: [Token] = []
  var pos = 0
  var nextID = 1
  var nesting = 0

  static let reserved: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
    "package", "namespace", "return", "var", "void", "while", "in", "true", "false", "null",
  ]

  /// Parses an expression.
  static func parse(_ text: String, limits: CELParserLimits = CELParserLimits()) throws(CELError) -> CELExpr {
    let source = CELSource(text)
    guard source.scalars.count <= limits.maxLength else {
      throw CELError(.parse, "expression exceeds \(limits.maxLength) characters", location: source.location(of: 0))
    }
    var parser = Parser(source: source, limits: limits)
    var lexer = Lexer(source: source)
    parser.tokens = try lexer.tokenize()
    let expr = try parser.expr()
    guard case .eof = parser.current.kind else {
      throw parser.error("unexpected \(parser.describe(parser.current))", at: parser.current.offset)
    }
    return expr
  }

  var current: Token { tokens[pos] }

  func error(_ message: String, at offset: Int) -> CELError {
    CELError(.parse, message, location: source.location(of: offset))
  }

  func describe(_ token: Token) -> String {
    switch token.kind {
    case .eof: return "end of input"
    case .punct(let p): return "'\(p)'"
    case .ident(let name), .quotedIdent(let name): return "'\(name)'"
    default: return "literal"
    }
  }

  func isPunct(_ p: String) -> Bool {
    if case .punct(let q) = current.kind { return q == p }
    return false
  }

  mutating func match(_ p: String) -> Bool {
    guard isPunct(p) else { return false }
    pos += 1
    return true
  }

  mutating func expect(_ p: String) throws(CELError) -> Int {
    let offset = current.offset
    guard match(p) else {
      throw error("expected '\(p)' but found \(describe(current))", at: current.offset)
    }
    return offset
  }

  mutating func node(_ offset: Int, _ kind: CELExpr.Kind) throws(CELError) -> CELExpr {
    let expr = CELExpr(id: nextID, offset: offset, kind: kind)
    nextID += 1
    guard expr.depth <= limits.maxTreeDepth else {
      throw error("expression nesting exceeds the limit of \(limits.maxTreeDepth)", at: offset)
    }
    return expr
  }

  mutating func call(_ offset: Int, _ function: String, _ args: [CELExpr], target: CELExpr? = nil) throws(CELError) -> CELExpr {
    try node(offset, .call(target: target, function: function, args: args))
  }

  mutating func enter() throws(CELError) {
    nesting += 1
    guard nesting <= limits.maxNesting else {
      throw error("expression recursion depth exceeds the limit of \(limits.maxNesting)", at: current.offset)
    }
  }

  mutating func expr() throws(CELError) -> CELExpr {
    try enter()
    defer { nesting -= 1 }
    let condition = try logical("||")
    guard isPunct("?") else { return condition }
    let offset = current.offset
    pos += 1
    let whenTrue = try logical("||")
    _ = try expect(":")
    let whenFalse = try expr()
    return try call(offset, "_?_:_", [condition, whenTrue, whenFalse])
  }

  /// `a || b || c` and `a && b && c`, built as balanced trees.
  mutating func logical(_ op: String) throws(CELError) -> CELExpr {
    var operands = [op == "||" ? try logical("&&") : try relation()]
    var offsets: [Int] = []
    while isPunct(op) {
      offsets.append(current.offset)
      pos += 1
      operands.append(op == "||" ? try logical("&&") : try relation())
    }
    if operands.count == 1 { return operands[0] }
    return try balance(op == "||" ? "_||_" : "_&&_", operands, offsets, 0, operands.count - 1)
  }

  mutating func balance(_ function: String, _ operands: [CELExpr], _ offsets: [Int], _ low: Int, _ high: Int) throws(CELError) -> CELExpr {
    if low == high { return operands[low] }
    let mid = (low + high + 1) / 2
    let left = try balance(function, operands, offsets, low, mid - 1)
    let right = try balance(function, operands, offsets, mid, high)
    return try call(offsets[mid - 1], function, [left, right])
  }

  mutating func relation() throws(CELError) -> CELExpr {
    var left = try addition()
    while true {
      let offset = current.offset
      let function: String
      switch current.kind {
      case .punct("<"): function = "_<_"
      case .punct("<="): function = "_<=_"
      case .punct(">"): function = "_>_"
      case .punct(">="): function = "_>=_"
      case .punct("=="): function = "_==_"
      case .punct("!="): function = "_!=_"
      case .ident("in"): function = "@in"
      default: return left
      }
      pos += 1
      let right = try addition()
      left = try call(offset, function, [left, right])
    }
  }

  mutating func addition() throws(CELError) -> CELExpr {
    var left = try multiplication()
    while isPunct("+") || isPunct("-") {
      let offset = current.offset
      let function = isPunct("+") ? "_+_" : "_-_"
      pos += 1
      left = try call(offset, function, [left, try multiplication()])
    }
    return left
  }

  mutating func multiplication() throws(CELError) -> CELExpr {
    var left = try unary()
    while isPunct("*") || isPunct("/") || isPunct("%") {
      let offset = current.offset
      let function = isPunct("*") ? "_*_" : (isPunct("/") ? "_/_" : "_%_")
      pos += 1
      left = try call(offset, function, [left, try unary()])
    }
    return left
  }

  mutating func unary() throws(CELError) -> CELExpr {
    try enter()
    defer { nesting -= 1 }
    let offset = current.offset
    if match("!") {
      return try call(offset, "!_", [try unary()])
    }
    if match("-") {
      switch current.kind {
      case .int(let magnitude):
        guard magnitude <= UInt64(Int64.max) + 1 else { throw error("integer literal out of range", at: offset) }
        pos += 1
        let value: Int64 = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        return try member(try node(offset, .literal(.int(value))))
      case .double(let d):
        pos += 1
        return try member(try node(offset, .literal(.double(-d))))
      default:
        return try call(offset, "-_", [try unary()])
      }
    }
    return try member(try primary())
  }
}

import Foundation

extension Parser {
  mutating func primary() throws(CELError) -> CELExpr {
    let token = current
    let offset = token.offset
    switch token.kind {
    case .int(let magnitude):
      pos += 1
      guard magnitude <= UInt64(Int64.max) else { throw error("integer literal out of range", at: offset) }
      return try node(offset, .literal(.int(Int64(magnitude))))
    case .uint(let value):
      pos += 1
      return try node(offset, .literal(.uint(value)))
    case .double(let value):
      pos += 1
      return try node(offset, .literal(.double(value)))
    case .string(let value):
      pos += 1
      return try node(offset, .literal(.string(value)))
    case .bytes(let value):
      pos += 1
      return try node(offset, .literal(.bytes(value)))
    case .ident(let name):
      pos += 1
      switch name {
      case "true": return try node(offset, .literal(.bool(true)))
      case "false": return try node(offset, .literal(.bool(false)))
      case "null": return try node(offset, .literal(.null))
      default: return try identifier(name, offset: offset)
      }
    case .punct("."):
      pos += 1
      guard case .ident(let name) = current.kind else {
        throw error("expected identifier after '.' but found \(describe(current))", at: current.offset)
      }
      pos += 1
      return try identifier(name, offset: offset)
    case .punct("("):
      pos += 1
      let inner = try expr()
      _ = try expect(")")
      return inner
    case .punct("["):
      pos += 1
      return try listLiteral(offset)
    case .punct("{"):
      pos += 1
      return try mapLiteral(offset)
    default:
      throw error("unexpected \(describe(token))", at: offset)
    }
  }

  private mutating func identifier(_ name: String, offset: Int) throws(CELError) -> CELExpr {
    guard !Parser.reserved.contains(name) else {
      throw error("reserved identifier '\(name)'", at: offset)
    }
    if isPunct("(") {
      pos += 1
      let args = try arguments(closing: ")")
      if let expanded = try expandGlobalMacro(name, args, offset: offset) { return expanded }
      return try call(offset, name, args)
    }
    return try node(offset, .ident(name))
  }

  /// Comma-separated expressions up to `closing` (consumed); a trailing comma is allowed.
  mutating func arguments(closing: String) throws(CELError) -> [CELExpr] {
    var args: [CELExpr] = []
    if match(closing) { return args }
    while true {
      args.append(try expr())
      if match(closing) { return args }
      _ = try expect(",")
      if match(closing) { return args }
    }
  }

  private mutating func listLiteral(_ offset: Int) throws(CELError) -> CELExpr {
    try enter()
    defer { nesting -= 1 }
    var elements: [CELExpr] = []
    var optionals: [Int] = []
    while !match("]") {
      if match("?") { optionals.append(elements.count) }
      elements.append(try expr())
      if match("]") { break }
      _ = try expect(",")
    }
    return try node(offset, .list(elements: elements, optionalIndices: optionals))
  }

  private mutating func mapLiteral(_ offset: Int) throws(CELError) -> CELExpr {
    try enter()
    defer { nesting -= 1 }
    var entries: [CELExpr.MapEntry] = []
    while !match("}") {
      let optional = match("?")
      let key = try expr()
      _ = try expect(":")
      let value = try expr()
      entries.append(CELExpr.MapEntry(key: key, value: value, optional: optional))
      if match("}") { break }
      _ = try expect(",")
    }
    return try node(offset, .map(entries: entries))
  }

  private mutating func messageLiteral(_ typeName: String, _ offset: Int) throws(CELError) -> CELExpr {
    try enter()
    defer { nesting -= 1 }
    var fields: [CELExpr.FieldInit] = []
    while !match("}") {
      let optional = match("?")
      guard case .ident(let field) = current.kind else {
        throw error("expected field name but found \(describe(current))", at: current.offset)
      }
      pos += 1
      _ = try expect(":")
      fields.append(CELExpr.FieldInit(field: field, value: try expr(), optional: optional))
      if match("}") { break }
      _ = try expect(",")
    }
    return try node(offset, .message(typeName: typeName, fields: fields))
  }

  /// Postfix selections, calls and indexes.
  mutating func member(_ base: CELExpr) throws(CELError) -> CELExpr {
    var result = base
    while true {
      let offset = current.offset
      if match(".") {
        let optional = match("?")
        let field: String
        switch current.kind {
        case .ident(let name): field = name
        case .quotedIdent(let name): field = name
        default: throw error("expected field name after '.' but found \(describe(current))", at: current.offset)
        }
        let quoted: Bool
        if case .quotedIdent = current.kind { quoted = true } else { quoted = false }
        pos += 1
        if optional {
          let name = try node(current.offset, .literal(.string(field)))
          result = try call(offset, "_?._", [result, name])
        } else if !quoted && isPunct("(") {
          pos += 1
          let args = try arguments(closing: ")")
          if let expanded = try expandReceiverMacro(field, target: result, args, offset: offset) {
            result = expanded
          } else {
            result = try call(offset, field, args, target: result)
          }
        } else {
          result = try node(offset, .select(operand: result, field: field, testOnly: false))
        }
      } else if match("[") {
        let optional = match("?")
        let index = try expr()
        _ = try expect("]")
        result = try call(offset, optional ? "_[?_]" : "_[_]", [result, index])
      } else if isPunct("{"), let typeName = result.qualifiedName, base.isIdentifierLike {
        pos += 1
        result = try messageLiteral(typeName, offset)
      } else {
        return result
      }
    }
  }
}

extension CELExpr {
  var isIdentifierLike: Bool {
    if case .ident = kind { return true }
    return false
  }
}

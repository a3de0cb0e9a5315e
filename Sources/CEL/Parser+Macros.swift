import Foundation

extension Parser {
  /// `has(a.b)` becomes a test-only select.
  mutating func expandGlobalMacro(_ name: String, _ args: [CELExpr], offset: Int) throws(CELError) -> CELExpr? {
    guard name == "has", args.count == 1 else { return nil }
    guard case .select(let operand, let field, false) = args[0].kind else {
      throw error("invalid argument to has() macro", at: args[0].offset)
    }
    return try node(offset, .select(operand: operand, field: field, testOnly: true))
  }

  private func variableName(_ expr: CELExpr) throws(CELError) -> String {
    guard case .ident(let name) = expr.kind else {
      throw error("argument must be a simple name", at: expr.offset)
    }
    return name
  }

  private mutating func comprehension(
    _ kind: CELExpr.MacroKind, _ range: CELExpr, _ variable: CELExpr, _ variable2: CELExpr? = nil,
    predicate: CELExpr? = nil, transform: CELExpr? = nil, offset: Int
  ) throws(CELError) -> CELExpr {
    let first = try variableName(variable)
    var second: String?
    if let variable2 {
      second = try variableName(variable2)
      if second == first {
        throw error("duplicate variable name '\(first)'", at: variable2.offset)
      }
    }
    let comprehension = CELExpr.Comprehension(
      kind: kind, range: range, variable: first, variable2: second, predicate: predicate, transform: transform)
    return try node(offset, .comprehension(comprehension))
  }

  /// Expands `range.all(x, p)` and the other receiver-style macros; nil when `name` is no macro.
  mutating func expandReceiverMacro(
    _ name: String, target: CELExpr, _ args: [CELExpr], offset: Int
  ) throws(CELError) -> CELExpr? {
    switch (name, args.count) {
    case ("all", 2): return try comprehension(.all, target, args[0], predicate: args[1], offset: offset)
    case ("exists", 2): return try comprehension(.exists, target, args[0], predicate: args[1], offset: offset)
    case ("exists_one", 2), ("existsOne", 2):
      return try comprehension(.existsOne, target, args[0], predicate: args[1], offset: offset)
    case ("map", 2): return try comprehension(.map, target, args[0], transform: args[1], offset: offset)
    case ("map", 3):
      return try comprehension(.map, target, args[0], predicate: args[1], transform: args[2], offset: offset)
    case ("filter", 2): return try comprehension(.filter, target, args[0], predicate: args[1], offset: offset)
    case ("optMap", 2): return try comprehension(.optMap, target, args[0], transform: args[1], offset: offset)
    case ("optFlatMap", 2):
      return try comprehension(.optFlatMap, target, args[0], transform: args[1], offset: offset)
    case ("all", 3): return try comprehension(.all2, target, args[0], args[1], predicate: args[2], offset: offset)
    case ("exists", 3):
      return try comprehension(.exists2, target, args[0], args[1], predicate: args[2], offset: offset)
    case ("exists_one", 3), ("existsOne", 3):
      return try comprehension(.existsOne2, target, args[0], args[1], predicate: args[2], offset: offset)
    case ("transformList", 3):
      return try comprehension(.transformList, target, args[0], args[1], transform: args[2], offset: offset)
    case ("transformList", 4):
      return try comprehension(
        .transformList, target, args[0], args[1], predicate: args[2], transform: args[3], offset: offset)
    case ("transformMap", 3):
      return try comprehension(.transformMap, target, args[0], args[1], transform: args[2], offset: offset)
    case ("transformMap", 4):
      return try comprehension(
        .transformMap, target, args[0], args[1], predicate: args[2], transform: args[3], offset: offset)
    case ("transformMapEntry", 3):
      return try comprehension(.transformMapEntry, target, args[0], args[1], transform: args[2], offset: offset)
    case ("transformMapEntry", 4):
      return try comprehension(
        .transformMapEntry, target, args[0], args[1], predicate: args[2], transform: args[3], offset: offset)
    case ("bind", 3):
      guard case .ident("cel") = target.kind else { return nil }
      return try comprehension(.bind, args[1], args[0], transform: args[2], offset: offset)
    default:
      return nil
    }
  }
}

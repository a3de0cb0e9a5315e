import Foundation

/// Turns a parsed expression into an evaluation tree, resolving variables to slots and
/// functions to implementations up front.
struct Compiler {
  let source: CELSource
  let allowUnknownFunctions: Bool
  var globalNames: [String] = []
  var globalIndex: [String: Int] = [:]
  var scopes: [(name: String, slot: Int)] = []
  var nextLocal = 0
  var maxLocals = 0
  var declaredVariables: Set<String>?
  var unescapeFields = false

  init(source: CELSource, allowUnknownFunctions: Bool) {
    self.source = source
    self.allowUnknownFunctions = allowUnknownFunctions
  }

  mutating func globalSlot(_ name: String) -> Int {
    if let slot = globalIndex[name] { return slot }
    globalIndex[name] = globalNames.count
    globalNames.append(name)
    return globalNames.count - 1
  }

  func localSlot(_ name: String) -> Int? {
    scopes.last { $0.name == name }?.slot
  }

  /// Offset of the identifier at the root of a select chain.
  func rootOffset(_ expr: CELExpr) -> Int {
    if case .select(let operand, _, _) = expr.kind { return rootOffset(operand) }
    return expr.offset
  }

  /// The root identifier of a select chain.
  func rootName(_ expr: CELExpr) -> String? {
    switch expr.kind {
    case .ident(let name): return name
    case .select(let operand, _, false): return rootName(operand)
    default: return nil
    }
  }

  /// With declared variables, one of `names` must be declared (or `fullName` must be a type name).
  func checkDeclared(_ names: [String], fullName: String, offset: Int) throws(CELError) {
    guard let declared = declaredVariables else { return }
    if names.contains(where: { declared.contains($0) }) || CELType.denotations[fullName] != nil
      || CELType.denotations[names[0]] != nil
    {
      return
    }
    throw CELError(.compile, "undeclared reference to '\(fullName)'", location: source.location(of: offset))
  }

  static func nodeCount(_ expr: CELExpr?) -> Int {
    guard let expr else { return 0 }
    switch expr.kind {
    case .literal, .ident: return 1
    case .select(let operand, _, _): return 1 + nodeCount(operand)
    case .call(let target, _, let args): return 1 + nodeCount(target) + args.reduce(0) { $0 + nodeCount($1) }
    case .list(let elements, _): return 1 + elements.reduce(0) { $0 + nodeCount($1) }
    case .map(let entries): return 1 + entries.reduce(0) { $0 + nodeCount($1.key) + nodeCount($1.value) }
    case .message(_, let fields): return 1 + fields.reduce(0) { $0 + nodeCount($1.value) }
    case .comprehension(let c): return 1 + nodeCount(c.range) + nodeCount(c.predicate) + nodeCount(c.transform)
    }
  }

  mutating func compile(_ expr: CELExpr) throws(CELError) -> Node {
    let offset = expr.offset
    switch expr.kind {
    case .literal(let value):
      return LiteralNode(value, offset: offset)
    case .ident(let name):
      if let slot = localSlot(name) { return LocalNode(slot: slot, offset: offset) }
      try checkDeclared([name], fullName: name, offset: offset)
      return GlobalNode(slot: globalSlot(name), name: name, offset: offset)
    case .select(let operand, let field, let testOnly):
      let field = unescapeFields ? KubernetesNames.unescape(field) : field
      if testOnly { return HasNode(operand: try compile(operand), field: field, offset: offset) }
      if let name = expr.qualifiedName, let root = rootName(expr), localSlot(root) == nil {
        let parts = name.split(separator: ".").map(String.init)
        try checkDeclared(
          (1...parts.count).map { parts[0..<$0].joined(separator: ".") }, fullName: name,
          offset: rootOffset(expr))
        var candidates: [(slot: Int, fields: [CELMapKey])] = []
        for length in stride(from: parts.count, through: 1, by: -1) {
          let prefix = parts[0..<length].joined(separator: ".")
          let fields = parts[length...].map { unescapeFields ? KubernetesNames.unescape($0) : $0 }
          candidates.append((globalSlot(prefix), fields.map { CELMapKey.string($0) }))
        }
        return QualifiedNode(candidates: candidates, fullName: name, offset: offset)
      }
      return SelectNode(operand: try compile(operand), field: field, offset: offset)
    case .call(let target, let function, let args):
      return try compileCall(target: target, function: function, args: args, offset: offset)
    case .list(let elements, let optionalIndices):
      var nodes: [Node] = []
      for element in elements { nodes.append(try compile(element)) }
      let optional = elements.indices.map { optionalIndices.contains($0) }
      return ListNode(nodes, optional: optional, offset: offset)
    case .map(let entries):
      var keys: [Node] = []
      var values: [Node] = []
      for entry in entries {
        keys.append(try compile(entry.key))
        values.append(try compile(entry.value))
      }
      return MapNode(keys: keys, values: values, optional: entries.map(\.optional), offset: offset)
    case .message(let typeName, _):
      return ErrorNode("unknown message type '\(typeName)'", offset: offset)
    case .comprehension(let c):
      return try compileComprehension(c, offset: offset)
    }
  }

  private mutating func compileComprehension(_ c: CELExpr.Comprehension, offset: Int) throws(CELError) -> Node {
    let range = try compile(c.range)
    let savedNext = nextLocal
    let slot = nextLocal
    nextLocal += 1
    var slot2: Int?
    if c.variable2 != nil {
      slot2 = nextLocal
      nextLocal += 1
    }
    maxLocals = max(maxLocals, nextLocal)
    scopes.append((c.variable, slot))
    if let name = c.variable2, let slot2 { scopes.append((name, slot2)) }
    defer {
      scopes.removeLast(c.variable2 == nil ? 1 : 2)
      nextLocal = savedNext
    }
    let predicate = try c.predicate.map { (p) throws(CELError) in try compile(p) }
    let transform = try c.transform.map { (t) throws(CELError) in try compile(t) }
    let cost = 1 + Compiler.nodeCount(c.predicate) + Compiler.nodeCount(c.transform)
    return ComprehensionNode(
      kind: c.kind, range: range, slot: slot, slot2: slot2, predicate: predicate, transform: transform,
      iterationCost: cost, offset: offset)
  }

  private mutating func compileCall(
    target: CELExpr?, function: String, args: [CELExpr], offset: Int
  ) throws(CELError) -> Node {
    var name = function
    var argExprs = args
    if let target {
      if let qualified = target.qualifiedName, let root = rootName(target), localSlot(root) == nil,
        Builtin.table[qualified + "." + function] != nil
      {
        name = qualified + "." + function
      } else {
        argExprs.insert(target, at: 0)
      }
    }
    if unescapeFields, name == "_?._", argExprs.count == 2, case .literal(.string(let field)) = argExprs[1].kind {
      argExprs[1] = CELExpr(
        id: argExprs[1].id, offset: argExprs[1].offset,
        kind: .literal(.string(KubernetesNames.unescape(field))))
    }
    var nodes: [Node] = []
    for arg in argExprs { nodes.append(try compile(arg)) }
    switch (name, nodes.count) {
    case ("_&&_", 2): return LogicNode(nodes[0], nodes[1], decisive: false, offset: offset)
    case ("_||_", 2): return LogicNode(nodes[0], nodes[1], decisive: true, offset: offset)
    case ("_?_:_", 3): return ConditionalNode(nodes[0], nodes[1], nodes[2], offset: offset)
    default: break
    }
    guard let overloads = Builtin.table[name] else {
      if allowUnknownFunctions { return ErrorNode("unbound function '\(name)'", offset: offset) }
      throw CELError(.compile, "undeclared reference to function '\(name)'", location: source.location(of: offset))
    }
    if nodes.count == 1, let fn = overloads.unary { return Call1Node(nodes[0], fn, offset: offset) }
    if nodes.count == 2, let fn = overloads.binary { return Call2Node(nodes[0], nodes[1], fn, offset: offset) }
    if let fn = overloads.fixed[nodes.count] ?? overloads.variadic { return CallNNode(nodes, fn, offset: offset) }
    let message = "no matching overload for '\(name)' with \(nodes.count) argument(s)"
    if allowUnknownFunctions { return ErrorNode(message, offset: offset) }
    throw CELError(.compile, message, location: source.location(of: offset))
  }
}

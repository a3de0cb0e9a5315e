import Foundation

/// Options for compiling and evaluating CEL programs.
public struct CELEnvironment: Sendable {
  /// Maximum evaluation cost (node visits, comprehension iterations, sizes of built strings/lists).
  public var costLimit: Int = 1_000_000
  /// Parser limits (nesting, tree depth, length).
  public var parserLimits = CELParserLimits()
  /// When true, calls to unknown functions compile to runtime errors instead of failing compilation.
  public var allowUnknownFunctions = false
  /// When set, only these variables (and type names such as `int`) may be referenced; anything else
  /// is a compile error with a location. Dotted names (`a.b`) may be declared too.
  public var declaredVariables: Set<String>?
  /// When true, field names are Kubernetes-escaped property names (`spec.foo__dash__bar` reads `foo-bar`).
  public var kubernetesPropertyEscaping = false

  /// The default environment.
  public init() {}

  /// An environment with a specific cost limit.
  public init(costLimit: Int) { self.costLimit = costLimit }
}

/// A compiled CEL expression: immutable, `Sendable`, reusable across inputs and threads.
///
/// ```swift
/// let program = try CELProgram(compiling: "object.replicas <= 10")
/// let ok = try program.evaluate(bindings: ["object": ["replicas": 3]])
/// ```
public struct CELProgram: Sendable {
  /// The source text.
  public let source: String
  /// The parsed (macro-expanded) syntax tree.
  public let ast: CELExpr
  /// Names of top-level variables the expression may read (including dotted prefixes such as `a.b`).
  public let variables: [String]
  let root: Node
  let localCount: Int
  let staticCost: Int
  let environment: CELEnvironment
  let sourceMap: CELSource
  let plainSlots: [Int]
  let dottedSlots: [Int]

  /// Parses and compiles `source`.
  public init(compiling source: String, environment: CELEnvironment = CELEnvironment()) throws(CELError) {
    let compiled: Result<Compiled, CELError>
    if source.unicodeScalars.count < LargeStack.inlineThreshold || Thread.isMainThread {
      compiled = CELProgram.compile(source, environment)
    } else {
      compiled =
        LargeStack.run { CELProgram.compile(source, environment) }
        ?? .failure(CELError(.compile, "compilation thread failed"))
    }
    let result = try compiled.get()
    self.source = source
    self.ast = result.ast
    self.root = result.root
    self.variables = result.variables
    self.localCount = result.localCount
    self.staticCost = result.staticCost
    self.sourceMap = result.sourceMap
    self.environment = environment
    self.plainSlots = result.variables.indices.filter { !result.variables[$0].contains(".") }
    self.dottedSlots = result.variables.indices.filter { result.variables[$0].contains(".") }
  }

  private struct Compiled: @unchecked Sendable {
    let ast: CELExpr
    let root: Node
    let variables: [String]
    let localCount: Int
    let staticCost: Int
    let sourceMap: CELSource
  }

  private static func compile(_ source: String, _ environment: CELEnvironment) -> Result<Compiled, CELError> {
    do throws(CELError) {
      let ast = try Parser.parse(source, limits: environment.parserLimits)
      let sourceMap = CELSource(source)
      var compiler = Compiler(source: sourceMap, allowUnknownFunctions: environment.allowUnknownFunctions)
      compiler.declaredVariables = environment.declaredVariables
      compiler.unescapeFields = environment.kubernetesPropertyEscaping
      let root = try compiler.compile(ast)
      return .success(
        Compiled(
          ast: ast, root: root, variables: compiler.globalNames, localCount: compiler.maxLocals,
          staticCost: Compiler.nodeCount(ast), sourceMap: sourceMap))
    } catch {
      return .failure(error)
    }
  }

  /// The line/column of a node of `ast`.
  public func location(of expr: CELExpr) -> CELSourceLocation { sourceMap.location(of: expr.offset) }

  /// Evaluates with named variable bindings.
  public func evaluate(bindings: [String: CELValue] = [:]) throws(CELError) -> CELValue {
    var globals = [CELValue?](repeating: nil, count: variables.count)
    var found = 0
    for slot in plainSlots {
      if let value = bindings[variables[slot]] {
        globals[slot] = value
        found += 1
      }
    }
    // Dotted names (`a.b`) only matter when some binding is not a plain variable name.
    if found < bindings.count {
      for slot in dottedSlots { globals[slot] = bindings[variables[slot]] }
    }
    return try run(globals)
  }

  /// Evaluates with a prepared activation.
  public func evaluate(_ activation: CELActivation) throws(CELError) -> CELValue {
    try evaluate(bindings: activation.values)
  }

  /// Evaluates with one value per entry of `variables` (nil = unbound); the fastest path.
  public func evaluate(slots: [CELValue?]) throws(CELError) -> CELValue {
    guard slots.count == variables.count else {
      throw CELError(.evaluation, "expected \(variables.count) variable slots, got \(slots.count)")
    }
    return try run(slots)
  }

  private func run(_ globals: [CELValue?]) throws(CELError) -> CELValue {
    var state = EvalState(
      globals: globals, localCount: localCount, initialCost: staticCost, limit: environment.costLimit)
    let result = state.exceeded ? EvalState.costError : root.eval(&state)
    if state.exceeded {
      throw CELError(.costLimitExceeded, "evaluation cost exceeds the limit of \(environment.costLimit)")
    }
    if case .error(let error) = result {
      throw CELError(.evaluation, error.message, location: error.offset.map { sourceMap.location(of: $0) })
    }
    return result
  }

  /// Evaluates and requires a boolean result.
  public func evaluateBool(bindings: [String: CELValue] = [:]) throws(CELError) -> Bool {
    let value = try evaluate(bindings: bindings)
    guard case .bool(let b) = value else {
      throw CELError(.evaluation, "expected bool result, got \(value.celType.name)")
    }
    return b
  }
}

/// Variable bindings for an evaluation.
public struct CELActivation: Sendable {
  /// Values by variable name.
  public var values: [String: CELValue]
  /// Creates an activation.
  public init(_ values: [String: CELValue] = [:]) { self.values = values }
}

import CEL

/// Which top-level fields of `platform` a set of programs reads, so a large platform's value is built
/// only as far as the policies look. Any use of `platform` other than `platform.<field>` needs all of it.
enum PlatformFields {
  /// The fields read, or nil when the whole value is needed.
  static func read(by programs: [CELProgram]) -> Set<String>? {
    var fields: Set<String> = []
    for program in programs {
      var stack = [program.ast]
      while let e = stack.popLast() {
        switch e.kind {
        case .literal: break
        case .ident(let name): if name == "platform" { return nil }
        case .select(let operand, let field, _):
          if case .ident("platform") = operand.kind { fields.insert(field) } else { stack.append(operand) }
        case .call(let target, _, let args):
          if let target { stack.append(target) }
          stack += args
        case .list(let elements, _): stack += elements
        case .map(let entries): for entry in entries { stack += [entry.key, entry.value] }
        case .message(_, let f): stack += f.map(\.value)
        case .comprehension(let c):
          if c.variable == "platform" || c.variable2 == "platform" { return nil }
          stack.append(c.range)
          if let p = c.predicate { stack.append(p) }
          if let t = c.transform { stack.append(t) }
        }
      }
    }
    return fields
  }
}

extension CompiledPolicy {
  /// Every compiled program of the policy.
  var programs: [CELProgram] { variables.map(\.program) + rules.map(\.program) + rules.compactMap(\.messageProgram) }
}

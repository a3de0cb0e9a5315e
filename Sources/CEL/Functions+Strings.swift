import Foundation

extension Builtin {
  static func registerStrings(_ r: inout Registry) {
    r.add2("contains") { a, b, _ in
      guard case .string(let x) = a, case .string(let y) = b else { return .noOverload("contains", a, b) }
      return .bool(y.isEmpty || x.contains(y))
    }
    r.add2("startsWith") { a, b, _ in
      guard case .string(let x) = a, case .string(let y) = b else { return .noOverload("startsWith", a, b) }
      return .bool(x.unicodeScalars.starts(with: y.unicodeScalars))
    }
    r.add2("endsWith") { a, b, _ in
      guard case .string(let x) = a, case .string(let y) = b else { return .noOverload("endsWith", a, b) }
      return .bool(x.unicodeScalars.reversed().starts(with: y.unicodeScalars.reversed()))
    }
    r.add2("matches") { a, b, s in
      guard case .string(let x) = a, case .string(let pattern) = b else { return .noOverload("matches", a, b) }
      do {
        let regex = try RegexCache.shared.regex(pattern)
        guard s.charge(regex.cost(forInputLength: x.utf8.count)) else { return EvalState.costError }
        return .bool(regex.firstMatch(in: x) != nil)
      } catch {
        return .error((error as? CELEvalError) ?? CELEvalError("\(error)"))
      }
    }
  }

  static func registerStringExtensions(_ r: inout Registry) {
    r.add2("charAt") { a, b, _ in
      guard case .string(let x) = a, case .int(let i) = b else { return .noOverload("charAt", a, b) }
      let scalars = Array(x.unicodeScalars)
      guard i >= 0 && i <= scalars.count else { return .err("index out of range: \(i)") }
      return .string(i == scalars.count ? "" : String(scalars[Int(i)]))
    }
    r.add2("indexOf") { a, b, _ in
      if case .list(let items) = a { return .int(Int64(items.firstIndex { CELValue.celEquals($0, b) } ?? -1)) }
      return stringIndexOf(a, b, .int(0))
    }
    r.addN("indexOf", arity: 3) { args, _ in stringIndexOf(args[0], args[1], args[2]) }
    r.add2("lastIndexOf") { a, b, _ in
      if case .list(let items) = a { return .int(Int64(items.lastIndex { CELValue.celEquals($0, b) } ?? -1)) }
      guard case .string(let x) = a else { return .noOverload("lastIndexOf", a, b) }
      return stringLastIndexOf(a, b, .int(Int64(x.unicodeScalars.count)))
    }
    r.addN("lastIndexOf", arity: 3) { args, _ in stringLastIndexOf(args[0], args[1], args[2]) }
    r.add1("lowerAscii") { a, _ in
      guard case .string(let x) = a else { return .noOverload("lowerAscii", a) }
      return .string(
        String(
          String.UnicodeScalarView(
            x.unicodeScalars.map {
              $0 >= "A" && $0 <= "Z" ? Unicode.Scalar($0.value + 32) ?? $0 : $0
            })))
    }
    r.add1("upperAscii") { a, _ in
      guard case .string(let x) = a else { return .noOverload("upperAscii", a) }
      return .string(
        String(
          String.UnicodeScalarView(
            x.unicodeScalars.map {
              $0 >= "a" && $0 <= "z" ? Unicode.Scalar($0.value - 32) ?? $0 : $0
            })))
    }
    r.addN("replace", arity: 3) { args, s in replace(args[0], args[1], args[2], .int(-1), &s) }
    r.addN("replace", arity: 4) { args, s in replace(args[0], args[1], args[2], args[3], &s) }
    r.add2("split") { a, b, _ in split(a, b, .int(-1)) }
    r.addN("split", arity: 3) { args, _ in split(args[0], args[1], args[2]) }
    r.add2("substring") { a, b, _ in
      guard case .string(let x) = a else { return .noOverload("substring", a, b) }
      return substring(a, b, .int(Int64(x.unicodeScalars.count)))
    }
    r.addN("substring", arity: 3) { args, _ in substring(args[0], args[1], args[2]) }
    r.add1("trim") { a, _ in
      guard case .string(let x) = a else { return .noOverload("trim", a) }
      var scalars = Array(x.unicodeScalars)[...]
      while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
      while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
      return .string(String(String.UnicodeScalarView(scalars)))
    }
    r.add1("join") { a, s in join(a, .string(""), &s) }
    r.add2("join") { a, b, s in join(a, b, &s) }
    r.add1("strings.quote") { a, _ in
      guard case .string(let x) = a else { return .noOverload("strings.quote", a) }
      return .string(Format.quote(x))
    }
    r.add2("format") { a, b, s in
      guard case .string(let template) = a, case .list(let args) = b else { return .noOverload("format", a, b) }
      guard s.charge(template.utf8.count / 8 + args.count) else { return EvalState.costError }
      return Format.printf(template, args)
    }
    r.add1("reverse") { a, _ in
      switch a {
      case .string(let x): return .string(String(String.UnicodeScalarView(x.unicodeScalars.reversed())))
      case .list(let items): return .list(items.reversed())
      default: return .noOverload("reverse", a)
      }
    }
  }

  private static func find(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar], from start: Int) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    var i = start
    while i + needle.count <= haystack.count {
      if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i += 1
    }
    return nil
  }

  static func stringIndexOf(_ a: CELValue, _ b: CELValue, _ c: CELValue) -> CELValue {
    guard case .string(let x) = a, case .string(let y) = b, case .int(let start) = c else {
      return .noOverload("indexOf", a, b, c)
    }
    let hay = Array(x.unicodeScalars)
    guard start >= 0 && start <= hay.count else { return .err("index out of range: \(start)") }
    return .int(Int64(find(hay, Array(y.unicodeScalars), from: Int(start)) ?? -1))
  }

  static func stringLastIndexOf(_ a: CELValue, _ b: CELValue, _ c: CELValue) -> CELValue {
    guard case .string(let x) = a, case .string(let y) = b, case .int(let end) = c else {
      return .noOverload("lastIndexOf", a, b, c)
    }
    let hay = Array(x.unicodeScalars)
    let needle = Array(y.unicodeScalars)
    guard end >= 0 && end <= hay.count else { return .err("index out of range: \(end)") }
    var i = min(Int(end), hay.count - needle.count)
    while i >= 0 {
      if hay[i..<(i + needle.count)].elementsEqual(needle) { return .int(Int64(i)) }
      i -= 1
    }
    return .int(-1)
  }

  static func replace(_ a: CELValue, _ b: CELValue, _ c: CELValue, _ d: CELValue, _ s: inout EvalState) -> CELValue {
    guard case .string(let x) = a, case .string(let old) = b, case .string(let new) = c, case .int(let limit) = d
    else { return .noOverload("replace", a, b, c, d) }
    let hay = Array(x.unicodeScalars)
    let needle = Array(old.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    var done: Int64 = 0
    while i <= hay.count {
      if limit >= 0 && done >= limit { break }
      guard let found = needle.isEmpty ? i : find(hay, needle, from: i) else { break }
      out.append(contentsOf: hay[i..<found])
      out.append(contentsOf: new.unicodeScalars)
      done += 1
      guard s.charge(new.utf8.count / 8 + 1) else { return EvalState.costError }
      if needle.isEmpty {
        if found < hay.count { out.append(hay[found]) }
        i = found + 1
      } else {
        i = found + needle.count
      }
    }
    if i < hay.count { out.append(contentsOf: hay[i...]) }
    return .string(String(out))
  }

  static func split(_ a: CELValue, _ b: CELValue, _ c: CELValue) -> CELValue {
    guard case .string(let x) = a, case .string(let sep) = b, case .int(let limit) = c else {
      return .noOverload("split", a, b, c)
    }
    if limit == 0 { return .list([]) }
    let hay = Array(x.unicodeScalars)
    let needle = Array(sep.unicodeScalars)
    var parts: [CELValue] = []
    if needle.isEmpty {
      for (index, scalar) in hay.enumerated() {
        if limit > 0 && parts.count == Int(limit) - 1 {
          parts.append(.string(String(String.UnicodeScalarView(hay[index...]))))
          return .list(parts)
        }
        parts.append(.string(String(scalar)))
      }
      return .list(parts)
    }
    var i = 0
    while limit < 0 || parts.count < Int(limit) - 1, let found = find(hay, needle, from: i) {
      parts.append(.string(String(String.UnicodeScalarView(hay[i..<found]))))
      i = found + needle.count
    }
    parts.append(.string(String(String.UnicodeScalarView(hay[i...]))))
    return .list(parts)
  }

  static func substring(_ a: CELValue, _ b: CELValue, _ c: CELValue) -> CELValue {
    guard case .string(let x) = a, case .int(let start) = b, case .int(let end) = c else {
      return .noOverload("substring", a, b, c)
    }
    let scalars = Array(x.unicodeScalars)
    guard start >= 0, start <= scalars.count, end >= start, end <= scalars.count else {
      return .err("substring index out of range: [\(start), \(end))")
    }
    return .string(String(String.UnicodeScalarView(scalars[Int(start)..<Int(end)])))
  }

  static func join(_ a: CELValue, _ b: CELValue, _ s: inout EvalState) -> CELValue {
    guard case .list(let items) = a, case .string(let sep) = b else { return .noOverload("join", a, b) }
    var parts: [String] = []
    var size = 0
    for item in items {
      guard case .string(let text) = item else { return .err("join: list contains non-string \(item.celType.name)") }
      parts.append(text)
      size += text.utf8.count + sep.utf8.count
    }
    guard chargeSize(size, &s) else { return EvalState.costError }
    return .string(parts.joined(separator: sep))
  }
}

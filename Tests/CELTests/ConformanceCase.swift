import CEL
import Foundation

/// One conformance test: decode bindings and expectation, evaluate, compare.
enum ConformanceCase {
  /// nil when the test passes, otherwise a short description of the mismatch.
  static func run(_ test: [String: Any]) -> String? {
    let expr = test["expr"] as? String ?? ""
    var bindings: [String: CELValue] = [:]
    for (name, raw) in test["bindings"] as? [String: Any] ?? [:] {
      guard let wrapper = raw as? [String: Any], let inner = wrapper["value"],
        let value = decode(inner)
      else { return "cannot decode binding \(name)" }
      bindings[name] = value
    }
    var environment = CELEnvironment()
    environment.allowUnknownFunctions = true
    let outcome: Result<CELValue, CELError>
    do {
      let program = try CELProgram(compiling: expr, environment: environment)
      outcome = .success(try program.evaluate(bindings: bindings))
    } catch {
      outcome = .failure(error)
    }
    if test["eval_error"] != nil || test["any_eval_errors"] != nil {
      switch outcome {
      case .success(let value): return "expected error, got \(value)"
      case .failure(let error):
        return error.kind == .evaluation || error.kind == .compile ? nil : "expected eval error, got \(error)"
      }
    }
    let expected: CELValue
    if let raw = test["value"] {
      guard let value = decode(raw) else { return "cannot decode expected value" }
      expected = value
    } else {
      expected = .bool(true)
    }
    switch outcome {
    case .failure(let error): return "error: \(error)"
    case .success(let value):
      return strictEquals(value, expected) ? nil : "got \(value), want \(expected)"
    }
  }

  /// Decodes a cel.expr.Value in proto3 JSON form.
  static func decode(_ raw: Any) -> CELValue? {
    guard let object = raw as? [String: Any], let (key, payload) = object.first else { return nil }
    switch key {
    case "null_value": return .null
    case "bool_value": return (payload as? Bool).map(CELValue.bool)
    case "int64_value":
      if let text = payload as? String { return Int64(text).map(CELValue.int) }
      return (payload as? NSNumber).map { .int($0.int64Value) }
    case "uint64_value":
      if let text = payload as? String { return UInt64(text).map(CELValue.uint) }
      return (payload as? NSNumber).map { .uint($0.uint64Value) }
    case "double_value":
      if let text = payload as? String {
        switch text {
        case "NaN": return .double(.nan)
        case "Infinity": return .double(.infinity)
        case "-Infinity": return .double(-.infinity)
        default: return Double(text).map(CELValue.double)
        }
      }
      return (payload as? NSNumber).map { .double($0.doubleValue) }
    case "string_value": return (payload as? String).map(CELValue.string)
    case "bytes_value":
      guard let text = payload as? String, let data = Data(base64Encoded: text) else { return nil }
      return .bytes([UInt8](data))
    case "type_value": return (payload as? String).map { .type(CELType(name: $0)) }
    case "list_value":
      let values = (payload as? [String: Any])?["values"] as? [Any] ?? []
      var items: [CELValue] = []
      for value in values {
        guard let decoded = decode(value) else { return nil }
        items.append(decoded)
      }
      return .list(items)
    case "map_value":
      let entries = (payload as? [String: Any])?["entries"] as? [[String: Any]] ?? []
      var pairs: [(CELValue, CELValue)] = []
      for entry in entries {
        guard let k = entry["key"].flatMap(decode), let v = entry["value"].flatMap(decode) else { return nil }
        pairs.append((k, v))
      }
      return try? .map(CELMap(entries: pairs))
    case "object_value":
      guard let message = payload as? [String: Any], let type = message["@type"] as? String,
        let value = message["value"] as? String
      else { return nil }
      if type.hasSuffix("google.protobuf.Duration") {
        return (try? CELProgram(compiling: "duration('\(value)')").evaluate()) ?? nil
      }
      if type.hasSuffix("google.protobuf.Timestamp") {
        return (try? CELProgram(compiling: "timestamp('\(value)')").evaluate()) ?? nil
      }
      return nil
    default: return nil
    }
  }

  /// Structural equality that distinguishes int/uint/double and treats NaN as equal to NaN.
  static func strictEquals(_ a: CELValue, _ b: CELValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
    case (.list(let x), .list(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { strictEquals($0, $1) }
    case (.map(let x), .map(let y)):
      guard x.count == y.count else { return false }
      for (key, value) in zip(x.keys, x.values) {
        guard let other = y[key], strictEquals(value, other) else { return false }
      }
      return true
    case (.int, _), (.uint, _), (.double, _), (.list, _), (.map, _): return false
    default: return a == b
    }
  }
}

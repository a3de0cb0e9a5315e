import Diagnostics
import SpecSyntax

/// Strict decoding from located nodes into typed values, collecting every problem it meets.
///
/// Unknown keys are errors with a did-you-mean; only plain `true`/`false` are booleans; only plain
/// integers are integers; `null` is never a string.
public final class SpecDecoder {
  public private(set) var diagnostics: [Diagnostic] = []

  public init() {}

  public func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  /// Opens a mapping, reporting unknown keys now and missing required keys now.
  public func mapping(_ node: LocatedNode, path: DataPath, rule: MappingRule, what: String) -> MappingReader? {
    let known = rule.known
    let required = rule.required
    guard let entries = node.entries else {
      typeMismatch(node, path: path, expected: "a mapping (\(what))")
      return nil
    }
    // A misspelt key is one error: the suggestion comes first from the keys still missing here (so
    // `gpu` beside `cpu` suggests `gpus`), and a required key it stands for is not reported missing.
    let present = Set(entries.map(\.key))
    let missing = known.filter { !present.contains($0) }
    var explained: Set<String> = []
    for entry in entries where !known.contains(entry.key) {
      let guess = Suggestion.closest(to: entry.key, in: missing) ?? Suggestion.closest(to: entry.key, in: known)
      var notes: [DiagnosticNote] = []
      if let guess {
        let isRequired = required.contains(guess) && missing.contains(guess)
        notes.append(DiagnosticNote("did you mean '\(guess)'?" + (isRequired ? " (it is required here)" : "")))
        if isRequired { explained.insert(guess) }
      }
      notes.append(DiagnosticNote("expected one of: \(known.joined(separator: ", "))"))
      report(.error(.unknownKey, "unknown key '\(entry.key)' in \(what)", at: entry.keyRange, path: path.appending(entry.key), notes: notes))
    }
    for key in required where !present.contains(key) && !explained.contains(key) {
      report(.error(.missingKey, "missing required key '\(key)' in \(what)", at: node.range, path: path.appending(key)))
    }
    return MappingReader(node: node, path: path, entries: entries)
  }

  /// Reports that `node` does not have the expected shape.
  public func typeMismatch(_ node: LocatedNode, path: DataPath, expected: String, notes: [DiagnosticNote] = []) {
    report(.error(.wrongType, "expected \(expected), found \(node.shapeDescription)", at: node.range, path: path, notes: notes))
  }

  /// A string (numbers are accepted as their literal text; booleans and null are not).
  public func string(_ node: LocatedNode, path: DataPath) -> Located<String>? {
    guard let scalar = node.scalar else {
      typeMismatch(node, path: path, expected: "a string")
      return nil
    }
    if scalar.isPlain {
      switch PlainScalarKind.classify(scalar.text) {
      case .null, .bool:
        typeMismatch(node, path: path, expected: "a string", notes: [DiagnosticNote("quote it (\"\(scalar.text)\") if you mean the text")])
        return nil
      default: break
      }
    }
    return Located(scalar.text, range: node.range, path: path)
  }

  /// A non-empty string.
  public func nonEmptyString(_ node: LocatedNode, path: DataPath) -> Located<String>? {
    guard let value = string(node, path: path) else { return nil }
    if value.value.isEmpty {
      report(.error(.invalidValue, "expected a non-empty string", at: node.range, path: path))
      return nil
    }
    return value
  }

  /// A plain integer literal.
  public func integer(_ node: LocatedNode, path: DataPath) -> Located<Int>? {
    guard let scalar = node.scalar, scalar.isPlain || scalar.explicitTag == "int",
      PlainScalarKind.classify(scalar.text) == .integer, let value = Int(scalar.text)
    else {
      typeMismatch(node, path: path, expected: "an integer")
      return nil
    }
    return Located(value, range: node.range, path: path)
  }

  /// A plain `true` or `false`; nothing else is a boolean.
  public func boolean(_ node: LocatedNode, path: DataPath) -> Located<Bool>? {
    guard let scalar = node.scalar, scalar.isPlain || scalar.explicitTag == "bool",
      scalar.text == "true" || scalar.text == "false"
    else {
      var notes: [DiagnosticNote] = []
      if let text = node.scalar?.text, ["yes", "no", "on", "off", "True", "False", "TRUE", "FALSE", "y", "n"].contains(text) {
        notes.append(DiagnosticNote("only 'true' and 'false' are booleans in Paved files"))
      }
      typeMismatch(node, path: path, expected: "true or false", notes: notes)
      return nil
    }
    return Located(scalar.text == "true", range: node.range, path: path)
  }

  /// One of a fixed set of words.
  public func oneOf(_ node: LocatedNode, path: DataPath, allowed: [String]) -> Located<String>? {
    guard let value = string(node, path: path) else { return nil }
    guard allowed.contains(value.value) else {
      var notes = [DiagnosticNote("expected one of: \(allowed.joined(separator: ", "))")]
      if let suggestion = Suggestion.didYouMean(value.value, in: allowed) { notes.insert(DiagnosticNote(suggestion), at: 0) }
      report(.error(.invalidValue, "invalid value '\(value.value)'", at: node.range, path: path, notes: notes))
      return nil
    }
    return value
  }

  /// A list, decoding each item with `item`; items that fail to decode are dropped (and reported).
  public func list<T>(_ node: LocatedNode, path: DataPath, item: (LocatedNode, DataPath) -> T?) -> [T]? {
    guard let items = node.items else {
      typeMismatch(node, path: path, expected: "a list")
      return nil
    }
    return items.enumerated().compactMap { index, child in item(child, path.appending(index: index)) }
  }

  /// A mapping with user-chosen keys, decoding each value with `value`.
  public func keyed<T>(_ node: LocatedNode, path: DataPath, value: (LocatedNode, DataPath) -> T?) -> [KeyedValue<T>]? {
    guard let entries = node.entries else {
      typeMismatch(node, path: path, expected: "a mapping")
      return nil
    }
    return entries.compactMap { entry in
      let childPath = path.appending(entry.key)
      guard let decoded = value(entry.value, childPath) else { return nil }
      return KeyedValue(key: Located(entry.key, range: entry.keyRange, path: childPath), value: decoded)
    }
  }
}

/// A mapping opened by `SpecDecoder.mapping`, giving access to its values by key.
public struct MappingReader {
  public let node: LocatedNode
  public let path: DataPath
  /// The entries in file order; keys are unique (the composer rejects duplicates). Spec mappings
  /// are small, so a scan beats building a dictionary for each of them.
  let entries: [LocatedNode.Entry]

  /// The value under `key`, if present.
  public subscript(key: String) -> LocatedNode? { entries.first { $0.key == key }?.value }

  /// The data path of `key` in this mapping.
  public func path(_ key: String) -> DataPath { path.appending(key) }

  /// Decodes the value under `key` with `decode`, or returns nil when absent.
  public func decode<T>(_ key: String, _ decode: (LocatedNode, DataPath) -> T?) -> T? {
    guard let value = self[key] else { return nil }
    return decode(value, path.appending(key))
  }
}

extension DiagnosticCode {
  public static let unknownKey = DiagnosticCode("spec.unknown-key")
  public static let missingKey = DiagnosticCode("spec.missing-key")
  public static let wrongType = DiagnosticCode("spec.wrong-type")
  public static let invalidValue = DiagnosticCode("spec.invalid-value")
  public static let wrongDocument = DiagnosticCode("spec.wrong-document")
}

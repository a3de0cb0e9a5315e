import Diagnostics

/// A YAML document read into a located tree, with the text kept for rendering snippets.
public struct LoadedDocument: Sendable {
  public var root: LocatedNode
  public var text: String
}

/// Reads one YAML file into a `LocatedNode` tree, refusing hostile or ambiguous input with located
/// diagnostics: oversized or binary files, invalid UTF-8, tab indentation, excessive nesting,
/// several documents, anchors and aliases, duplicate keys, non-scalar keys, custom tags.
public enum YAMLLoader {
  /// Loads `bytes` read from `file` (the name used in diagnostics). Never traps, never recurses unboundedly.
  public static func load(
    _ bytes: [UInt8], file: String, limits: LoaderLimits = .default
  ) -> (document: LoadedDocument?, diagnostics: [Diagnostic]) {
    var body = bytes
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
    let index = LineIndex(bytes: body, file: file)
    let whole = SourceRange.file(file)
    if bytes.count > limits.maxFileBytes {
      return (
        nil,
        [
          .error(
            .fileTooLarge, "file is \(bytes.count) bytes, over the limit of \(limits.maxFileBytes) bytes", at: whole,
            notes: [DiagnosticNote("split the file or remove unrelated content")])
        ]
      )
    }
    if let offset = InputGuards.firstNUL(body) {
      return (nil, [.error(.binaryContent, "file contains a NUL byte; expected YAML text", at: SourceRange(start: index.location(ofByte: offset)))])
    }
    if let offset = InputGuards.firstInvalidUTF8(body) {
      return (
        nil,
        [
          .error(
            .invalidUTF8, "invalid UTF-8 byte 0x\(String(body[offset], radix: 16, uppercase: true)); expected UTF-8 text",
            at: SourceRange(start: index.location(ofByte: offset)))
        ]
      )
    }
    if let found = InputGuards.firstUnusualLineBreak(body) {
      return (
        nil,
        [
          .error(
            .invalidCharacter, "file contains \(found.name); expected lines ending in LF or CRLF",
            at: SourceRange(start: index.location(ofByte: found.offset)),
            notes: [DiagnosticNote("YAML treats it as a line break, so every position after it would be off; replace it with a newline or remove it")]
          )
        ]
      )
    }
    let tabs = InputGuards.tabIndentation(body)
    if !tabs.isEmpty {
      return (
        nil,
        tabs.map {
          .error(
            .tabIndentation, "tab character in indentation; YAML indentation must use spaces", at: SourceRange(start: index.location(ofByte: $0)))
        }
      )
    }
    if let offset = InputGuards.excessiveNesting(body, limit: limits.maxScanDepth) {
      return (nil, [.error(.tooDeep, "nesting is deeper than \(limits.maxDepth) levels", at: SourceRange(start: index.location(ofByte: offset)))])
    }
    let text = String(decoding: body, as: UTF8.self)
    guard let parser = LibYAMLParser(body) else {
      return (nil, [.error(.syntax, "could not start the YAML parser (out of memory)", at: whole)])
    }
    var composer = EventComposer(file: file, maxDepth: limits.maxDepth)
    do {
      let outcome = try composer.compose(parser)
      // A duplicate key's second value is dropped and the tree stays whole: decoding goes on, so
      // the run reports the file's other errors with it (the errors still stop the run).
      let recoverable = composer.diagnostics.allSatisfy { $0.code == .duplicateKey }
      if !composer.diagnostics.isEmpty && !recoverable { return (nil, composer.diagnostics) }
      guard case .document(let root) = outcome else {
        return (nil, composer.diagnostics + [.error(.emptyDocument, "the file holds no YAML document", at: whole)])
      }
      return (LoadedDocument(root: root, text: text), composer.diagnostics)
    } catch let failure as LibYAMLParser.Failure {
      // Problems found before the syntax error are reported with it.
      return (nil, composer.diagnostics + [YAMLErrorMapping.diagnostic(for: failure, file: file, index: index)])
    } catch {
      return (nil, [.error(.syntax, "could not read YAML: \(error)", at: whole)])
    }
  }
}

extension DiagnosticCode {
  public static let fileTooLarge = DiagnosticCode("yaml.file-too-large")
  public static let binaryContent = DiagnosticCode("yaml.binary-content")
  public static let invalidUTF8 = DiagnosticCode("yaml.invalid-utf8")
  public static let tabIndentation = DiagnosticCode("yaml.tab-indentation")
  public static let tooDeep = DiagnosticCode("yaml.too-deep")
  public static let emptyDocument = DiagnosticCode("yaml.empty-document")
  public static let multipleDocuments = DiagnosticCode("yaml.multiple-documents")
  public static let anchorOrAlias = DiagnosticCode("yaml.anchor")
  public static let duplicateKey = DiagnosticCode("yaml.duplicate-key")
  public static let complexKey = DiagnosticCode("yaml.complex-key")
  public static let unsupportedTag = DiagnosticCode("yaml.unsupported-tag")
  public static let syntax = DiagnosticCode("yaml.syntax")
  public static let invalidCharacter = DiagnosticCode("yaml.invalid-character")
}

import CLibYAML

/// The system libyaml's event parser (`CLibYAML`), owned by a class that frees it.
///
/// libyaml keeps a pointer to the parser inside the parser (`read_handler_data`), so the struct
/// lives at a fixed heap address, never in a Swift variable that could move.
final class LibYAMLParser {
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeMutableBufferPointer<UInt8>
  private var initialized = false

  /// Copies `bytes` (libyaml reads from them until the parser is freed).
  init?(_ bytes: [UInt8]) {
    parser = .allocate(capacity: 1)
    input = .allocate(capacity: max(1, bytes.count))
    _ = input.initialize(from: bytes)
    guard yaml_parser_initialize(parser) == 1 else { return nil }
    initialized = true
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
  }

  deinit {
    if initialized { yaml_parser_delete(parser) }
    parser.deallocate()
    input.deallocate()
  }

  /// A parse failure as libyaml reports it (0-based marks converted to 1-based).
  struct Failure: Error {
    enum Stage { case reader, scanner, parser, other }
    var stage: Stage
    var problem: String
    /// Byte offset for reader errors; line and column for the others.
    var offset: Int
    var line: Int
    var column: Int
    var context: (text: String, line: Int, column: Int)?
  }

  /// The next event, which the caller hands to `body` and which is freed right after.
  func next<T>(_ body: (UnsafePointer<yaml_event_t>) throws -> T) throws -> T {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else { throw failure() }
    defer { yaml_event_delete(&event) }
    return try withUnsafePointer(to: &event) { try body($0) }
  }

  private func failure() -> Failure {
    let p = parser.pointee
    let stage: Failure.Stage
    switch p.error {
    case YAML_READER_ERROR: stage = .reader
    case YAML_SCANNER_ERROR: stage = .scanner
    case YAML_PARSER_ERROR: stage = .parser
    default: stage = .other
    }
    let problem = p.problem.map { String(cString: $0) } ?? "unknown libyaml error"
    let context = p.context.map { (String(cString: $0), p.context_mark.line + 1, p.context_mark.column + 1) }
    return Failure(
      stage: stage, problem: problem, offset: p.problem_offset, line: p.problem_mark.line + 1,
      column: p.problem_mark.column + 1, context: context)
  }
}

extension yaml_mark_t {
  /// 1-based line and column.
  var position: (line: Int, column: Int) { (line + 1, column + 1) }
}

/// Text of a NUL-terminated libyaml string (anchors, tags), or nil.
func libyamlString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
  pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
}

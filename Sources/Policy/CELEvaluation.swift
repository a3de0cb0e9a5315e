import CEL
import Diagnostics
import SpecSyntax

/// `paved cel eval`: one expression against a YAML/JSON input whose top-level keys are variables.
public enum CELEvaluation {
  /// The name diagnostics use for the expression given on the command line.
  public static let expressionFile = "<expression>"

  public struct Outcome: Sendable {
    /// The result as JSON, when evaluation succeeded.
    public var json: String?
    public var diagnostics: [Diagnostic] = []
    public var sources = SourceCatalog()
  }

  /// Evaluates `expression`; `input` is the input file's bytes and display name, if any.
  ///   - bindings: variables bound besides the input's (`platform`, the value policies see).
  public static func evaluate(_ expression: String, input: (bytes: [UInt8], file: String)?, bindings extra: [String: CELValue] = [:]) -> Outcome {
    var out = Outcome()
    out.sources.add(file: expressionFile, text: expression)
    var bindings = extra
    if let input {
      let (document, diagnostics) = YAMLLoader.load(input.bytes, file: input.file)
      out.diagnostics += diagnostics
      guard let document, diagnostics.isEmpty else { return out }
      out.sources.add(file: input.file, text: document.text)
      guard let entries = document.root.entries else {
        out.diagnostics.append(
          .error(
            .celInput, "the input must be a mapping; its top-level keys become variables, found \(document.root.shapeDescription)",
            at: document.root.range))
        return out
      }
      for entry in entries { bindings[entry.key] = ValueConversion.cel(entry.value) }
    }
    func locate(_ error: CELError) -> SourceRange {
      let l = error.location
      let start = SourceLocation(file: expressionFile, line: l?.line ?? 1, column: l?.column ?? 1)
      return SourceRange(start: start, end: SourceLocation(file: expressionFile, line: start.line, column: start.column + 1))
    }
    let program: CELProgram
    do {
      var environment = CELEnvironment()
      environment.declaredVariables = Set(bindings.keys)
      program = try CELProgram(compiling: expression, environment: environment)
    } catch {
      var notes: [DiagnosticNote] = []
      if error.message.hasPrefix("undeclared reference to '") {
        notes.append(
          DiagnosticNote(
            bindings.isEmpty
              ? "no variables are bound; pass --input FILE to bind its top-level keys, or --platform FILE for `platform`"
              : "bound variables: \(bindings.keys.sorted().joined(separator: ", "))"))
      }
      out.diagnostics.append(.error(error.kind == .parse ? .celSyntax : .celCompile, "CEL: \(error.message)", at: locate(error), notes: notes))
      return out
    }
    do {
      out.json = CELJSON.render(try program.evaluate(bindings: bindings))
    } catch {
      let what = error.kind == .costLimitExceeded ? "CEL evaluation exceeded its cost limit" : "CEL evaluation failed"
      out.diagnostics.append(.error(.policyEvaluation, "\(what): \(error.message)", at: locate(error)))
    }
    return out
  }
}

extension DiagnosticCode {
  public static let celInput = DiagnosticCode("cel.input")
}

import CEL
import XCTest

/// Evaluates `source` with bindings (test helper).
func eval(_ source: String, _ bindings: [String: CELValue] = [:], environment: CELEnvironment = CELEnvironment())
  throws -> CELValue
{
  try CELProgram(compiling: source, environment: environment).evaluate(bindings: bindings)
}

/// The error thrown while compiling or evaluating `source`, or nil.
func evalError(_ source: String, _ bindings: [String: CELValue] = [:], environment: CELEnvironment = CELEnvironment())
  -> CELError?
{
  do {
    _ = try eval(source, bindings, environment: environment)
    return nil
  } catch let error as CELError {
    return error
  } catch {
    return CELError(.evaluation, "\(error)")
  }
}

extension CELValue {
  /// JSON text as a CEL value (objects become maps with string keys). Tests only: Paved itself never
  /// reads JSON through `JSONSerialization`.
  init(json data: Data) throws(CELError) {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      throw CELError(.evaluation, "invalid JSON: \(error.localizedDescription)")
    }
    try self.init(any: object)
  }
}

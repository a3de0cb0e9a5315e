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

import Foundation
import XCTest

/// What a test throws when a tool it needs is missing (kubectl, openssl, python3, the project's venv,
/// the built `paved`): an `XCTSkip` with the reason, or, when `PAVED_REQUIRE_TOOLS=1` (set by
/// `.ci/run`), an error that fails the test. A broken CI environment then fails loudly instead of
/// quietly dropping the acceptance coverage. (A missing `../shared` stays a skip: the brief allows
/// running without it.)
public func missingTool(_ reason: String) -> any Error {
  if ProcessInfo.processInfo.environment["PAVED_REQUIRE_TOOLS"] == "1" { return RequiredToolMissing(reason: reason) }
  return XCTSkip(reason)
}

/// A tool missing under `PAVED_REQUIRE_TOOLS=1`.
public struct RequiredToolMissing: Error, CustomStringConvertible {
  public let reason: String
  public var description: String { "required tool missing (PAVED_REQUIRE_TOOLS=1): \(reason)" }
}

import Foundation
import TestSupport
import XCTest

/// `Sources/Forge/GitHubRequests.swift` is generated from GitHub's OpenAPI description (githubkit's
/// models for the API version the client declares): running the generator again gives the same file,
/// so the request types cannot drift from the description by hand.
final class ForgeTypesTests: XCTestCase {
  func testTheGitHubRequestTypesAreTheGeneratorsOutput() throws {
    guard let python = RepoPaths.venvPython else { throw missingTool(".venv missing (make venv)") }
    guard (try? Subprocess.run([python, "-W", "ignore", "-c", "import githubkit_schemas.v2022_11_28"]).status) == 0 else {
      throw missingTool("githubkit-schemas-2022-11-28 missing (make venv)")
    }
    let generated = try Subprocess.run([python, RepoPaths.packageRoot.appendingPathComponent("Scripts/forge_types.py").path])
    XCTAssertEqual(generated.status, 0, generated.stderr)
    let committed = try String(contentsOf: RepoPaths.packageRoot.appendingPathComponent("Sources/Forge/GitHubRequests.swift"), encoding: .utf8)
    XCTAssertEqual(generated.stdout, committed, "Sources/Forge/GitHubRequests.swift differs from the generator's output: run make forge-types")
  }
}

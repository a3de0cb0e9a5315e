import Diagnostics
import Foundation
import ModelArtifacts
import TestSupport
import XCTest

/// The readers' codes come only from the closed sets `ArtifactArea` × `ArtifactProblem`: every case is
/// raised somewhere (no dead code names a problem nothing reports), and no reader spells a code itself.
final class ArtifactCodesTests: XCTestCase {
  private func readerSources() throws -> String {
    let dir = RepoPaths.packageRoot.appendingPathComponent("Sources/ModelArtifacts")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") && $0 != "ArtifactCodes.swift" }
    XCTAssertGreaterThan(names.count, 10)
    return try names.sorted().map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
  }

  /// `too-many-keys` → `tooManyKeys`, `invalid-json` → `invalidJSON`.
  private func swiftName(_ slug: String) -> String {
    let parts = slug.split(separator: "-").map(String.init)
    let rest = parts.dropFirst().map { $0 == "json" ? "JSON" : $0.prefix(1).uppercased() + $0.dropFirst() }
    return parts[0] + rest.joined()
  }

  func testEveryProblemAndAreaIsRaisedByAReader() throws {
    let sources = try readerSources()
    for problem in ArtifactProblem.allCases {
      XCTAssertTrue(sources.contains(".\(swiftName(problem.rawValue))"), "no reader raises \(problem.rawValue)")
    }
    for area in ArtifactArea.allCases {
      XCTAssertTrue(sources.contains(".\(area.rawValue)"), "no reader uses the area \(area.rawValue)")
    }
  }

  func testNoReaderSpellsACodeItself() throws {
    let sources = try readerSources()
    XCTAssertNil(sources.range(of: #"DiagnosticCode\(""#, options: .regularExpression), "a code spelt as a string in a reader")
    XCTAssertNil(sources.range(of: #""artifact\.[a-z]+\.[a-z-]+""#, options: .regularExpression), "a code spelt as a string in a reader")
  }

  func testCodesKeepTheirPublishedSpelling() {
    XCTAssertEqual(DiagnosticCode(.safetensors, .headerTooLarge).rawValue, "artifact.safetensors.header-too-large")
    XCTAssertEqual(DiagnosticCode(.zip, .unsafeMemberPath).rawValue, "artifact.zip.unsafe-member-path")
    XCTAssertEqual(DiagnosticCode(.safetensors, .invalidJSON).rawValue, "artifact.safetensors.invalid-json")
  }
}

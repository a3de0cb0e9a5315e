import Artifacts
import Driver
import Foundation
import TestSupport
import VirtualFileSystem
import XCTest

/// `paved build` streams each work item's files into staging directories while it emits; the tree it
/// swaps in must be exactly the compiled artifact set, and any failure must leave the output untouched.
final class StreamingBuildTests: XCTestCase {
  var out: URL!
  override func setUp() { out = RepoPaths.temporaryDirectory("paved-build") }
  override func tearDown() { try? FileManager.default.removeItem(at: out) }

  private func files(under dir: URL) throws -> [String: [UInt8]] {
    var found: [String: [UInt8]] = [:]
    let base = dir.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [:] }
    for case let relative as String in walker {
      var isDir: ObjCBool = false
      let full = base + "/" + relative
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
        found[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
      }
    }
    return found
  }

  func testTheStreamedTreeIsExactlyTheCompiledArtifactSet() throws {
    let root = RepoPaths.packageRoot.path
    let compiled = try XCTUnwrap(try Compilation.compile(LocalFileSystem(root: root), CompileRequest()).artifacts)
    let outcome = try Build.run(root: root, request: CompileRequest(), outputOverride: out.path)
    XCTAssertFalse(outcome.compilation.diagnostics.hasErrors, "\(outcome.compilation.diagnostics.all.map(\.summary))")
    XCTAssertEqual(outcome.filesWritten, compiled.count)
    var written = try files(under: out)
    for scope in ["dev", "staging", "prod", "gitops"] {
      let owned = try XCTUnwrap(written.removeValue(forKey: "\(scope)/\(OwnershipList.fileName)"), scope)
      let listed = try XCTUnwrap(OwnershipList.parse(owned)).paths.map { "\(scope)/\($0)" }
      XCTAssertEqual(listed, compiled.paths.filter { $0.hasPrefix(scope + "/") }, "\(scope): the ownership list names every file, sorted")
    }
    XCTAssertEqual(written.keys.filter { $0.hasPrefix(".paved-staging") }, [], "no staging directory is left")
    written = written.filter { !$0.key.hasPrefix(".paved") }
    XCTAssertEqual(Set(written.keys), Set(compiled.paths))
    for artifact in compiled.artifacts { XCTAssertEqual(written[artifact.path], artifact.contents, artifact.path) }
  }

  func testAForeignFileClashFoundWhileStreamingChangesNothing() throws {
    let root = RepoPaths.packageRoot.path
    _ = try Build.run(root: root, request: CompileRequest(), outputOverride: out.path)
    let before = try files(under: out)
    // A hand-written file where the next build wants to write one of its own (it is not in the ownership list).
    let owned = out.appendingPathComponent("prod/\(OwnershipList.fileName)")
    let list = try XCTUnwrap(OwnershipList.parse(Array(try Data(contentsOf: owned))))
    let victim = try XCTUnwrap(list.paths.last)
    try Data(OwnershipList(paths: list.paths.filter { $0 != victim }).render()).write(to: owned)
    let tampered = try files(under: out)
    let outcome = try Build.run(root: root, request: CompileRequest(), outputOverride: out.path)
    XCTAssertEqual(outcome.compilation.diagnostics.all.map(\.code.rawValue), ["output.not-written"])
    XCTAssertTrue(
      outcome.compilation.diagnostics.all.first?.summary.contains("prod/\(victim)") ?? false, "\(outcome.compilation.diagnostics.all.map(\.summary))")
    XCTAssertNil(outcome.writtenTo)
    XCTAssertEqual(try files(under: out), tampered, "nothing in the output changed, and nothing was left staged")
    XCTAssertEqual(before.count, tampered.count)
  }
}

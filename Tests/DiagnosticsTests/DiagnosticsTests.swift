import Diagnostics
import Foundation
import XCTest

final class DiagnosticsTests: XCTestCase {
  func testDidYouMean() {
    XCTAssertEqual(Suggestion.closest(to: "tenats", in: ["tenants", "models", "gpuPools"]), "tenants")
    XCTAssertEqual(Suggestion.closest(to: "gpupools", in: ["tenants", "gpuPools"]), "gpuPools")
    XCTAssertNil(Suggestion.closest(to: "zzzz", in: ["tenants", "models"]))
    XCTAssertEqual(Suggestion.editDistance("ab", "ba"), 1)
  }

  func testDataPathRendering() {
    let path = DataPath.root.appending("spec").appending("tenants").appending(index: 2).appending("quota")
      .appending("gpus").appending("h100")
    XCTAssertEqual(path.description, "spec.tenants[2].quota.gpus.h100")
    XCTAssertEqual(DataPath.root.appending("nodeLabels").appending("nvidia.com/gpu.product").description, "nodeLabels[\"nvidia.com/gpu.product\"]")
    XCTAssertEqual(DataPath.root.appending("a\"b\\c").description, #"["a\"b\\c"]"#, "quotes and backslashes in a key are escaped")
  }

  private func sample() -> (Diagnostics, SourceCatalog) {
    var catalog = SourceCatalog()
    catalog.add(file: "platform.yaml", text: "spec:\n  tenats: []\n")
    let start = SourceLocation(file: "platform.yaml", line: 2, column: 3)
    var end = start
    end.column = 9
    let d = Diagnostic.error(
      DiagnosticCode("spec.unknown-key"), "unknown key 'tenats' in spec", at: SourceRange(start: start, end: end),
      path: DataPath.root.appending("spec").appending("tenats"), notes: [DiagnosticNote("did you mean 'tenants'?")])
    return (Diagnostics([d]), catalog)
  }

  func testTextRendererShowsLineAndCaret() {
    let (diagnostics, catalog) = sample()
    let text = TextRenderer(catalog: catalog).render(diagnostics)
    XCTAssertTrue(text.contains("error[spec.unknown-key]: unknown key 'tenats' in spec"))
    XCTAssertTrue(text.contains("--> platform.yaml:2:3"))
    XCTAssertTrue(text.contains("2 |   tenats: []"))
    XCTAssertTrue(text.contains("  |   ^^^^^^\n"), text)
    XCTAssertTrue(text.contains("= path: spec.tenats"))
    XCTAssertTrue(text.contains("did you mean 'tenants'?"))
    XCTAssertTrue(text.hasSuffix("1 error, 0 warnings\n"))
  }

  func testJSONRendererCarriesFormatVersionAndPositions() throws {
    let (diagnostics, _) = sample()
    let json = JSONDiagnosticRenderer.render(diagnostics)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    XCTAssertEqual(object["formatVersion"] as? Int, 1)
    let first = try XCTUnwrap((object["diagnostics"] as? [[String: Any]])?.first)
    XCTAssertEqual(first["code"] as? String, "spec.unknown-key")
    XCTAssertEqual(first["line"] as? Int, 2)
    XCTAssertEqual(first["column"] as? Int, 3)
    XCTAssertEqual(first["path"] as? String, "spec.tenats")
  }

  func testGitHubAnnotationsEscape() {
    let d = Diagnostic.error(
      DiagnosticCode("x.y"), "100% wrong, really: yes", at: SourceRange(start: SourceLocation(file: "a,b:c.yaml", line: 3, column: 4)),
      notes: [DiagnosticNote("second line")])
    let out = GitHubDiagnosticRenderer.render(Diagnostics([d]))
    XCTAssertEqual(out, "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=x.y::100%25 wrong, really: yes%0Asecond line\n")
  }

  /// A problem in a binary file (a model artifact) is located by byte offset: no line, column or snippet,
  /// even when a text file of the same name is in the catalog.
  func testBinaryFileProblemsAreLocatedByByteOffset() throws {
    var catalog = SourceCatalog()
    catalog.add(file: "model.safetensors", text: "not shown\n")
    let atOffset = Diagnostic.error(
      DiagnosticCode("artifact.safetensors.truncated"), "needs 8 bytes", inBinaryFile: "model.safetensors", offset: 1234)
    let wholeFile = Diagnostic.error(DiagnosticCode("artifact.file.symlink"), "is a symbolic link", inBinaryFile: "weights.bin")
    XCTAssertEqual(atOffset.description, "model.safetensors@1234: artifact.safetensors.truncated: needs 8 bytes")
    XCTAssertEqual(wholeFile.description, "weights.bin: artifact.file.symlink: is a symbolic link")

    let text = TextRenderer(catalog: catalog).render(atOffset)
    XCTAssertEqual(text, "error[artifact.safetensors.truncated]: needs 8 bytes\n  --> model.safetensors@1234")

    let json = JSONDiagnosticRenderer.render(Diagnostics([atOffset, wholeFile]))
    let items = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["diagnostics"] as? [[String: Any]])
    XCTAssertEqual(items.map { $0["file"] as? String }, ["model.safetensors", "weights.bin"])
    XCTAssertEqual(items.map { $0["byteOffset"] as? Int }, [1234, nil])
    XCTAssertTrue(items.allSatisfy { $0["line"] == nil && $0["column"] == nil }, "\(items)")

    XCTAssertEqual(
      GitHubDiagnosticRenderer.render(Diagnostics([atOffset])),
      "::error file=model.safetensors,title=artifact.safetensors.truncated::needs 8 bytes\n")
  }

  func testSortedOrderIsStable() {
    let a = Diagnostic.error(DiagnosticCode("b"), "x", at: SourceRange(start: SourceLocation(file: "f", line: 2, column: 1)))
    let b = Diagnostic.error(DiagnosticCode("a"), "y", at: SourceRange(start: SourceLocation(file: "f", line: 1, column: 5)))
    let c = Diagnostic.error(DiagnosticCode("c"), "z")
    XCTAssertEqual(Diagnostics([a, b, c]).sorted.map(\.code.rawValue), ["c", "a", "b"])
  }
}

/// The catalog's lines: first, middle, last without a newline, CRLF endings, empty lines, unknown.
final class SourceCatalogTests: XCTestCase {
  func testLinesByNumber() {
    var catalog = SourceCatalog()
    catalog.add(file: "a.yaml", text: "one\r\ntwo é\n\nlast")
    catalog.add(file: "empty.yaml", text: "")
    catalog.add(file: "trailing.yaml", text: "x\n")
    XCTAssertEqual(catalog.line(1, in: "a.yaml"), "one")
    XCTAssertEqual(catalog.line(2, in: "a.yaml"), "two é")
    XCTAssertEqual(catalog.line(3, in: "a.yaml"), "")
    XCTAssertEqual(catalog.line(4, in: "a.yaml"), "last")
    XCTAssertNil(catalog.line(5, in: "a.yaml"))
    XCTAssertNil(catalog.line(0, in: "a.yaml"))
    XCTAssertEqual(catalog.line(1, in: "empty.yaml"), "")
    XCTAssertEqual(catalog.line(2, in: "trailing.yaml"), "")
    XCTAssertNil(catalog.line(3, in: "trailing.yaml"))
    XCTAssertNil(catalog.line(1, in: "other.yaml"))
  }
}

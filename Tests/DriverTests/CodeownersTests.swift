import Artifacts
import EmitCI
import PlatformModel
import XCTest

@testable import Driver

/// Paved's CODEOWNERS block: replaced in place, appended when absent, refused when broken; and
/// literal blocks (the workflows' scripts) read back as the strings written.
final class CodeownersTests: XCTestCase {
  let block = "# BEGIN paved\n/platform.yaml @acme/platform\n# END paved\n"

  func testNoFileIsTheBlockAlone() {
    XCTAssertEqual(try Codeowners.merge(existing: nil, block: block).get(), block)
    XCTAssertEqual(try Codeowners.merge(existing: "", block: block).get(), block)
  }

  func testTheBlockIsAppendedAfterTheTeamsLines() {
    XCTAssertEqual(try Codeowners.merge(existing: "*.md @acme/docs\n", block: block).get(), "*.md @acme/docs\n\n" + block)
    XCTAssertEqual(try Codeowners.merge(existing: "*.md @acme/docs", block: block).get(), "*.md @acme/docs\n\n" + block)
  }

  func testTheBlockIsReplacedInPlaceAndEverythingElseKeptByteForByte() {
    let existing = "# top\n*.md @a/docs\n\n# BEGIN paved\n/old @x/y\n# END paved\n\n# after\n/docs/  @a/writers \n"
    let merged = try? Codeowners.merge(existing: existing, block: block).get()
    XCTAssertEqual(merged, "# top\n*.md @a/docs\n\n" + block + "\n# after\n/docs/  @a/writers \n")
    XCTAssertEqual(try Codeowners.merge(existing: merged, block: block).get(), merged, "idempotent")
    XCTAssertEqual(Codeowners.block(in: merged ?? ""), block)
  }

  func testABrokenBlockIsRefused() {
    XCTAssertEqual(Codeowners.merge(existing: "a\n# BEGIN paved\n/x @y\n", block: block), .failure(.unterminated(line: 2)))
    XCTAssertEqual(
      Codeowners.merge(existing: "# BEGIN paved\n# END paved\n# BEGIN paved\n# END paved\n", block: block), .failure(.repeated(line: 3)))
  }

  func testOwnersBecomeHandlesByTheDocumentedRule() {
    let ci = CIConfig(
      providers: [.github], install: .image("x@sha256:" + String(repeating: "0", count: 64)), runner: nil, defaultBranch: "main", apply: nil,
      applyEnvironments: [], driftSchedule: nil, requiredChecks: [], codeownersFile: ".github/CODEOWNERS", codeownersOrg: "acme", platformOwners: [],
      fetchModelArtifact: nil)
    XCTAssertEqual(ci.handle(forOwner: "group:ml-search"), "@acme/ml-search")
    XCTAssertEqual(ci.handle(forOwner: "user:dana@example.com"), "dana@example.com")
    XCTAssertEqual(ci.handle(forOwner: "user:dana"), "@dana")
  }

  /// Strings of several lines written as literal blocks read back (through libyaml) as themselves;
  /// those a literal block cannot carry are quoted instead, and read back too.
  func testLiteralBlocksReadBackExactly() throws {
    var rng = SystemRandomNumberGenerator()
    let pieces = [
      "echo \"$X\"", "", "  indented", "a: b", "# not a comment", "- item", "tab\there", "trailing ", "ünïcode", "'quoted'", "{x}", "|", ">",
    ]
    for _ in 0..<300 {
      let lines = (0..<Int.random(in: 1...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
      var text = lines.joined(separator: "\n")
      if Bool.random(using: &rng) { text += "\n" }
      if Int.random(in: 0...9, using: &rng) == 0 { text += "\n" }
      var b = YAMLBuilder()
      b.literalBlocks = true
      b.value(.object(["steps": .list([.object(["run": .string(text), "name": "x"])]), "last": .string(text)]))
      let bytes = b.finished()
      let read = ManifestReader.artifact(path: "x.yml", bytes: bytes).object
      XCTAssertEqual(read?["last"], .string(text), "\(text.debugDescription)\n\(String(decoding: bytes, as: UTF8.self))")
      XCTAssertEqual(read?["steps"], .list([.object(["run": .string(text), "name": "x"])]), text.debugDescription)
    }
  }
}

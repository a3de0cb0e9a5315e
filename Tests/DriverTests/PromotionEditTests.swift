import Foundation
import Planning
import SpecAST
import SpecSyntax
import TestSupport
import XCTest

@testable import Driver

/// `paved promote`'s edit of an environment file changes only the pinned values: on every
/// environment file of the repository and its examples, for every pinned model.
final class PromotionEditTests: XCTestCase {
  static let candidate = PromotionEdit.Pin(
    version: "9.9.9", artifact: "s3://models/candidate/9.9.9", digest: "sha256:" + String(repeating: "9f", count: 32))

  static var environmentFiles: [URL] {
    let root = RepoPaths.packageRoot
    return (["."] + GoldenTests.cases.map(\.directory)).flatMap { dir -> [URL] in
      let envs = root.appendingPathComponent(dir).appendingPathComponent("environments")
      return ((try? FileManager.default.contentsOfDirectory(atPath: envs.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted().map {
        envs.appendingPathComponent($0)
      }
    }.uniqued()
  }

  /// The file decoded: pins by model.
  private func pins(_ bytes: [UInt8], _ file: String) throws -> [String: ModelPinSpec] {
    let (loaded, diagnostics) = YAMLLoader.load(bytes, file: file)
    XCTAssertTrue(diagnostics.isEmpty, "\(diagnostics.map(\.summary))\n\(String(decoding: bytes, as: UTF8.self))")
    let decoder = SpecDecoder()
    let doc = try XCTUnwrap(decoder.decodeEnvironment(try XCTUnwrap(loaded?.root), file: file))
    XCTAssertTrue(decoder.diagnostics.isEmpty, "\(decoder.diagnostics.map(\.summary))")
    return Dictionary(uniqueKeysWithValues: doc.models.map { ($0.key.value, $0.value) })
  }

  /// Lines that differ between two texts (from the unified diff).
  private func changedLines(_ a: [UInt8], _ b: [UInt8]) -> [String] {
    LineDiff.unified(String(decoding: a, as: UTF8.self), String(decoding: b, as: UTF8.self), oldName: "a", newName: "b")
      .split(separator: "\n").filter { ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++") }.map(String.init)
  }

  func testAStablePromotionChangesOnlyThePinnedValues() throws {
    var edited = 0
    for url in Self.environmentFiles {
      let bytes = Array(try Data(contentsOf: url))
      let before = try pins(bytes, url.path)
      for (model, pin) in before {
        let out = try PromotionEdit.apply(.stable(Self.candidate), model: model, to: bytes, file: url.path)
        let after = try pins(out, url.path)
        XCTAssertEqual(after[model]?.version?.value, Self.candidate.version, "\(url.path) \(model)")
        XCTAssertEqual(after[model]?.artifact?.value, Self.candidate.artifact)
        XCTAssertEqual(after[model]?.digest?.value, Self.candidate.digest)
        XCTAssertNil(after[model]?.canary, "a full promotion ends the canary")
        for (other, otherPin) in before where other != model {
          XCTAssertEqual(after[other]?.version?.value, otherPin.version?.value, "\(url.path): \(other) untouched")
        }
        // Only lines holding this pin's values (or its canary) changed; every other byte is the same.
        let pinLines = Set([pin.version?.range.start.line, pin.artifact?.range.start.line, pin.digest?.range.start.line].compactMap { $0 })
        let canaryLines = pin.canary.map { Set($0.range.start.line...$0.range.end.line) } ?? []
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in changedLines(bytes, out) where line.hasPrefix("-") {
          let number = try XCTUnwrap(text.firstIndex(of: String(line.dropFirst())), line) + 1
          XCTAssertTrue(
            pinLines.contains(number) || canaryLines.contains(number), "\(url.lastPathComponent) \(model): line \(number) changed: \(line)")
        }
        edited += 1
      }
    }
    XCTAssertGreaterThan(edited, 10)
  }

  /// Promoting back to the values that were there gives the file back byte for byte.
  func testPromotingTheSamePinChangesNothing() throws {
    for url in Self.environmentFiles {
      let bytes = Array(try Data(contentsOf: url))
      for (model, pin) in try pins(bytes, url.path) where pin.canary == nil {
        let same = PromotionEdit.Pin(version: pin.version?.value ?? "", artifact: pin.artifact?.value ?? "", digest: pin.digest?.value ?? "")
        XCTAssertEqual(try PromotionEdit.apply(.stable(same), model: model, to: bytes, file: url.path), bytes, "\(url.lastPathComponent) \(model)")
      }
    }
  }

  func testACanaryIsAddedBesideTheStablePinThenPromotedInFull() throws {
    let text = """
      apiVersion: paved.dev/v1alpha1
      kind: Environment
      metadata:
        name: prod
      spec:
        cluster: { name: c, server: https://c.example.com }   # the prod cluster
        models:
          # the ranker serves search
          ranker: { version: 1.0.0, artifact: s3://models/ranker/1.0.0, digest: "sha256:\(String(repeating: "aa", count: 32))" }
          scorer:
            version: '2.0.0'        # quoted on purpose
            artifact: s3://models/scorer/2.0.0
            digest: "sha256:\(String(repeating: "bb", count: 32))"

      """
    let bytes = Array(text.utf8)
    let withCanary = try PromotionEdit.apply(.canary(Self.candidate, traffic: 10), model: "ranker", to: bytes, file: "prod.yaml")
    XCTAssertEqual(
      String(decoding: withCanary, as: UTF8.self),
      text.replacingOccurrences(
        of: "\(String(repeating: "aa", count: 32))\" }",
        with:
          "\(String(repeating: "aa", count: 32))\", canary: { version: 9.9.9, artifact: s3://models/candidate/9.9.9, digest: \"\(Self.candidate.digest)\", traffic: 10 } }"
      ))
    let full = try PromotionEdit.apply(.stable(Self.candidate), model: "ranker", to: withCanary, file: "prod.yaml")
    XCTAssertEqual(
      String(decoding: full, as: UTF8.self),
      text.replacingOccurrences(
        of: "{ version: 1.0.0, artifact: s3://models/ranker/1.0.0, digest: \"sha256:\(String(repeating: "aa", count: 32))\" }",
        with: PromotionEdit.flow(Self.candidate, traffic: nil)))

    // Block style keeps its quoting and comments; a canary goes on a new line at the keys' indentation.
    let blockCanary = try PromotionEdit.apply(.canary(Self.candidate, traffic: 5), model: "scorer", to: bytes, file: "prod.yaml")
    XCTAssertTrue(
      String(decoding: blockCanary, as: UTF8.self).contains(
        "      digest: \"sha256:\(String(repeating: "bb", count: 32))\"\n      canary: { version: 9.9.9"),
      String(decoding: blockCanary, as: UTF8.self))
    let blockFull = try PromotionEdit.apply(.stable(Self.candidate), model: "scorer", to: blockCanary, file: "prod.yaml")
    XCTAssertEqual(
      String(decoding: blockFull, as: UTF8.self),
      text.replacingOccurrences(of: "version: '2.0.0'", with: "version: '9.9.9'").replacingOccurrences(
        of: "artifact: s3://models/scorer/2.0.0", with: "artifact: s3://models/candidate/9.9.9"
      )
      .replacingOccurrences(of: "sha256:\(String(repeating: "bb", count: 32))", with: Self.candidate.digest))
  }

  func testAModelNotPinnedYetIsAddedToTheModels() throws {
    let text =
      "apiVersion: paved.dev/v1alpha1\nkind: Environment\nmetadata:\n  name: dev\nspec:\n  cluster: { name: c, server: https://c.example.com }\n"
    let added = try PromotionEdit.apply(.stable(Self.candidate), model: "ranker", to: Array(text.utf8), file: "dev.yaml")
    XCTAssertEqual(String(decoding: added, as: UTF8.self), text + "  models:\n    ranker: \(PromotionEdit.flow(Self.candidate, traffic: nil))\n")
    let second = try PromotionEdit.apply(.stable(Self.candidate), model: "scorer", to: added, file: "dev.yaml")
    XCTAssertEqual(
      String(decoding: second, as: UTF8.self),
      text
        + "  models:\n    ranker: \(PromotionEdit.flow(Self.candidate, traffic: nil))\n    scorer: \(PromotionEdit.flow(Self.candidate, traffic: nil))\n"
    )
    let empty = text + "  models: {}   # none yet\n"
    XCTAssertEqual(
      String(decoding: try PromotionEdit.apply(.stable(Self.candidate), model: "ranker", to: Array(empty.utf8), file: "dev.yaml"), as: UTF8.self),
      text + "  models: { ranker: \(PromotionEdit.flow(Self.candidate, traffic: nil)) }   # none yet\n")
  }
}

extension Array where Element: Hashable {
  fileprivate func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}

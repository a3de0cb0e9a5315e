import Foundation
import SpecAST
import SpecSyntax
import TestSupport
import XCTest

@testable import Driver

/// The soak walk reads pins with `PathScan` (no tree); it must agree with the full loader and
/// decoder: on every environment file of the repository and its examples, and on files Paved refuses.
final class SoakPinTests: XCTestCase {
  func testTheFastReaderAgreesWithTheDecoderOnEveryEnvironmentFile() throws {
    var compared = 0
    for url in PromotionEditTests.environmentFiles {
      let bytes = Array(try Data(contentsOf: url))
      for model in ["ranker", "recommender", "summarizer", "detector", "query-ranker", "chat-llm", "ctr", "fraud-scorer", "asr", "nope"] {
        XCTAssertEqual(Soak.pin(model, in: bytes), decodedPin(model, in: bytes, file: url.path), "\(url.lastPathComponent) \(model)")
        compared += 1
      }
    }
    XCTAssertGreaterThan(compared, 50)
  }

  func testFilesPavedRefusesPinNothing() {
    let head =
      "apiVersion: paved.dev/v1alpha1\nkind: Environment\nmetadata:\n  name: dev\nspec:\n  cluster: { name: c, server: https://c.example.com }\n"
    let pin = "{ version: 1.0.0, artifact: s3://models/m/1.0.0, digest: \"sha256:\(String(repeating: "ab", count: 32))\" }"
    let good = head + "  models:\n    m: \(pin)\n"
    XCTAssertNotNil(Soak.pin("m", in: Array(good.utf8)))
    let coreTag = head + "  models:\n    m: !!map \(pin)\n"
    XCTAssertEqual(Soak.pin("m", in: Array(coreTag.utf8)), decodedPin("m", in: Array(good.utf8), file: "dev.yaml"))
    let refused = [
      head + "  models:\n    m: &x \(pin)\n    n: *x\n",  // anchor and alias
      head + "  models:\n    m: \(pin)\n    m: \(pin)\n",  // repeated key
      head + "  models:\n    m: !custom \(pin)\n",  // a tag Paved does not know
      head + "  models:\n    m: { version: true, artifact: a, digest: d }\n",  // a boolean is not a version
      good + "---\n" + good,  // two documents
      head + "  models:\n    m: { version: 1.0.0, artifact: [unclosed\n",  // parse error
      head + "  labels: { <<: { a: b } }\n  models:\n    m: \(pin)\n",  // a merge key, off the path
      head + "  labels: { ? [a]: b }\n  models:\n    m: \(pin)\n",  // a key that is a collection, off the path
      head + "  models:\n    ? { m: 1 }\n    : x\n    m: \(pin)\n",  // a key that is a collection, on the path
    ]
    for text in refused {
      XCTAssertNil(Soak.pin("m", in: Array(text.utf8)), text)
      XCTAssertNil(decodedPin("m", in: Array(text.utf8), file: "dev.yaml"), text)
    }
  }

  /// The pin through the full loader and decoder (what `paved validate` reads): the oracle.
  private func decodedPin(_ model: String, in bytes: [UInt8], file: String) -> PromotionEdit.Pin? {
    let (loaded, diagnostics) = YAMLLoader.load(bytes, file: file)
    guard let root = loaded?.root, !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
    let decoder = SpecDecoder()
    guard let doc = decoder.decodeEnvironment(root, file: file), let pin = doc.models.first(where: { $0.key.value == model })?.value,
      let version = pin.version?.value, let artifact = pin.artifact?.value, let digest = pin.digest?.value
    else { return nil }
    return PromotionEdit.Pin(version: version, artifact: artifact, digest: digest)
  }
}

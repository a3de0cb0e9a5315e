import Diagnostics
import SpecSyntax
import XCTest

/// Inputs found by the libFuzzer targets in Fuzz/ (mlmodel, modelcard) that trapped in the
/// duplicate-key locator of the Yams-based loader (an index before the start of a line). They must
/// give located diagnostics, never a trap; each anchored key is reported where it is.
final class FuzzRegressionTests: XCTestCase {
  static func bytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
      out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return out
  }

  func testDuplicateAnchoredKeysAtColumnZeroDoNotTrap() {
    for hex in [
      "266c61766f72733a0a266c61766f72733a0a20dd8b20dd8b7974686f206f74707574733a2069",
      "2d2d2d0a266c6963656e73653a2061706163617461736574733a2d2d0a266c3a20302e377d0a2d2d2d0a230a",
    ] {
      let (document, diagnostics) = YAMLLoader.load(Self.bytes(hex), file: "x.yaml")
      XCTAssertNil(document)
      XCTAssertFalse(diagnostics.isEmpty)
      XCTAssertTrue(diagnostics.allSatisfy { ($0.range?.start.line ?? 0) >= 1 && $0.range?.start.file == "x.yaml" }, "\(diagnostics.map(\.summary))")
      XCTAssertEqual(diagnostics.first?.code, .anchorOrAlias)
    }
    // The minimal shape: the same anchored key twice at the start of a line.
    let (_, diagnostics) = YAMLLoader.load(Array("&a k:\n&a k:\n".utf8), file: "x.yaml")
    XCTAssertEqual(diagnostics.map(\.code), [.anchorOrAlias, .anchorOrAlias])
    XCTAssertEqual(diagnostics.map { $0.range?.start.line }, [1, 2])
    XCTAssertEqual(diagnostics.map { $0.range?.start.column }, [1, 1])
  }
}

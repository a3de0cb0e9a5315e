import CEL
import Foundation
import PlatformModel
import XCTest

/// The compiler's `Quantity` and CEL's quantities read one grammar (`QuantityParts`): a check and a
/// policy agree on what is a quantity, and, where the compiler's milli-units hold it, on its value.
final class QuantityAgreementTests: XCTestCase {
  static let texts = [
    "0", "1", "+1", "-1", "500m", "1.5", ".5", "5.", "1Ki", "2Gi", "1.5Gi", "1k", "1M", "1e3", "1E-3", "1e+2", "3n", "7u",
    "12Ei", "1e100", "1e101", "1e-40", "4e-31", "", "m", ".", "1.2.3", "--1", "1 Gi", "1GB", "1Gb", "1e", "1e1.5", "Gi", "0x10", "1_000",
    String(repeating: "9", count: 64), String(repeating: "9", count: 65),
  ]

  func testTheCompilerAndCELAgreeOnWhatIsAQuantity() {
    for text in Self.texts {
      let compiler = Quantity(text)
      let cel = CELQuantity(parsing: text)
      if let compiler {
        let exact = try? XCTUnwrap(cel, text).value
        XCTAssertNotNil(cel, text)
        // The compiler holds milli-units, rounding a fraction of one up.
        if let exact {
          var milli = exact * 1000
          var rounded = Decimal()
          NSDecimalRound(&rounded, &milli, 0, .up)
          XCTAssertEqual(Decimal(compiler.milliValue), rounded, text)
        }
      } else if let cel {
        // Only where milli-units cannot hold it (beyond about 9.2e15 units) may the compiler refuse one.
        XCTAssertGreaterThan(abs(cel.value), Decimal(9_000_000_000_000), text)
      }
    }
    XCTAssertNil(CELQuantity(parsing: "1GB"))
    XCTAssertNotNil(CELQuantity(parsing: "1e100"))
    XCTAssertNil(CELQuantity(parsing: "1e101"))
  }
}

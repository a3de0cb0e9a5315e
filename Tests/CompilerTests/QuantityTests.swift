import PlatformModel
import XCTest

final class QuantityTests: XCTestCase {
  func testParsesKubernetesForms() throws {
    XCTAssertEqual(Quantity("200")?.milliValue, 200_000)
    XCTAssertEqual(Quantity("500m")?.milliValue, 500)
    XCTAssertEqual(Quantity("1.5")?.milliValue, 1500)
    XCTAssertEqual(Quantity("1Ki")?.milliValue, 1_024_000)
    XCTAssertEqual(Quantity("2Gi")?.milliValue, 2 * 1_073_741_824 * 1000)
    XCTAssertEqual(Quantity("1k")?.milliValue, 1_000_000)
    XCTAssertEqual(Quantity("1e3")?.milliValue, 1_000_000)
    XCTAssertEqual(Quantity("1u")?.milliValue, 1, "fractions of a milli-unit round up")
    XCTAssertLessThan(try XCTUnwrap(Quantity("500m")).milliValue, try XCTUnwrap(Quantity("1")).milliValue)
  }

  /// `==` is by text (what manifests carry): the same amount written otherwise is another quantity.
  func testEqualityIsByTextNotAmount() throws {
    let one = try XCTUnwrap(Quantity("1"))
    let thousandMilli = try XCTUnwrap(Quantity("1000m"))
    XCTAssertEqual(one.milliValue, thousandMilli.milliValue)
    XCTAssertNotEqual(one, thousandMilli)
    XCTAssertEqual(one, Quantity.fromMilli(1000, binary: false))
  }

  func testRejectsMalformedAndHuge() {
    for bad in ["", "GB", "1GB", "1.2.3", "--1", "1 Gi", "12Ei", "99999999999999999999"] {
      XCTAssertNil(Quantity(bad), bad)
    }
  }
}

/// `Quantity.fromMilli` writes text that parses back to the same value (it builds quantities without
/// parsing them), and the constants built with it read as Kubernetes writes them.
final class WrittenQuantityTests: XCTestCase {
  func testWhatFromMilliWritesParsesBackToTheSameValue() throws {
    for milli: Int64 in [0, 1, 100, 999, 1000, 1500, 4_000_000, (100 << 20) * 1000, (1 << 30) * 1000, (3 << 40) * 1000, 1 << 40] {
      for binary in [false, true] {
        let written = Quantity.fromMilli(milli, binary: binary)
        XCTAssertEqual(try XCTUnwrap(Quantity(written.text)).milliValue, milli, written.text)
        XCTAssertEqual(written.milliValue, milli)
      }
    }
    XCTAssertEqual(
      [StorageInitializer.cpu, StorageInitializer.memory, StorageInitializer.cpuLimit, StorageInitializer.memoryLimit].map(\.text),
      ["100m", "100Mi", "1", "1Gi"])
    XCTAssertEqual([ServingResources.default.cpu.text, ServingResources.default.memory.text], ["1", "4Gi"])
  }
}

import XCTest

@testable import ModelArtifacts

final class NpyScannerTests: XCTestCase {
  /// A version 1.0 `.npy` with the given header dict and payload.
  static func npy(descr: String, shape: String = "(2,)", payload: [UInt8]) -> [UInt8] {
    var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
    while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
    header.append(0x0A)
    var w = ByteWriter()
    w.raw(NpyScanner.magic)
    w.u8(1)
    w.u8(0)
    w.u16(UInt16(header.count))
    w.raw(header)
    w.raw(payload)
    return w.bytes
  }

  func testNumericArrayHasNoPickle() throws {
    let result = try NpyScanner.scan(bytes: Self.npy(descr: "<f4", payload: [UInt8](repeating: 0, count: 8)), file: "a.npy")
    XCTAssertFalse(result.hasObjectDtype)
    XCTAssertTrue(result.scan.isSafe)
  }

  func testObjectArrayPayloadIsScanned() throws {
    let evil = try NpyScanner.scan(bytes: Self.npy(descr: "|O", payload: PickleBuilder.stackGlobalCall()), file: "o.npy")
    XCTAssertTrue(evil.hasObjectDtype)
    XCTAssertEqual(evil.scan.findings.first?.global, "os.system")
    XCTAssertEqual(evil.scan.findings.first?.file, "o.npy")
    let benign = try NpyScanner.scan(bytes: Self.npy(descr: "|O", payload: PickleBuilder.benignTorch()), file: "b.npy")
    XCTAssertTrue(benign.scan.isSafe)
  }

  func testObjectDtypeDetection() {
    XCTAssertTrue(NpyScanner.hasObjectDtype("{'descr': '|O', 'shape': ()}"))
    XCTAssertTrue(NpyScanner.hasObjectDtype("{'descr': [('a', '<f4'), ('b', '|O')], 'shape': ()}"))
    XCTAssertTrue(NpyScanner.hasObjectDtype("{\"descr\": \"O\"}"))
    XCTAssertFalse(NpyScanner.hasObjectDtype("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"))
    XCTAssertFalse(NpyScanner.hasObjectDtype("{'descr': [('Obj', '<i8')], 'shape': ()}"))
  }

  func testNpzArchives() throws {
    var zip = ZipBuilder()
    zip.add("x.npy", Self.npy(descr: "<i8", payload: [UInt8](repeating: 0, count: 16)))
    zip.add("y.npy", Self.npy(descr: "|O", payload: PickleBuilder.globalCall("builtins", "eval", proto: 2)))
    let result = try TorchZipScanner.scan(bytes: zip.build(), file: "arrays.npz")
    XCTAssertEqual(result.scan.findings.map(\.file), ["arrays.npz:y.npy"])
    var compressed = ZipBuilder()
    compressed.add("x.npy", Self.npy(descr: "<i8", payload: [UInt8](repeating: 0, count: 16)), method: 8)
    XCTAssertEqual(
      try TorchZipScanner.scan(bytes: compressed.build(), file: "c.npz").scan.findings.map(\.code.rawValue),
      ["artifact.pickle.compressed-member-not-scanned"])
    let dir = try TempDir()
    defer { dir.cleanup() }
    let path = try dir.write("arrays.npz", zip.build())
    let facts = try ArtifactInspector.inspect(path: path)
    XCTAssertEqual(facts.format, .numpyZip)
    XCTAssertEqual(facts.pickleFindings.count, 1)
    let npyPath = try dir.write("o.npy", Self.npy(descr: "|O", payload: PickleBuilder.stackGlobalCall()))
    XCTAssertEqual(try ArtifactInspector.inspect(path: npyPath).format, .numpy)
  }

  func testMalformedHeaders() {
    XCTAssertThrowsError(try NpyScanner.scan(bytes: NpyScanner.magic + [9, 0, 0, 0], file: "v"))
    XCTAssertThrowsError(try NpyScanner.scan(bytes: NpyScanner.magic + [1, 0, 0xFF, 0xFF], file: "t"))
    XCTAssertThrowsError(try NpyScanner.scan(bytes: NpyScanner.magic + [2, 0, 0xFF, 0xFF, 0xFF, 0xFF], file: "big"))
  }
}

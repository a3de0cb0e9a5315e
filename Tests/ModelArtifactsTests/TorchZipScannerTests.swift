import Diagnostics
import XCTest

@testable import ModelArtifacts

final class TorchZipScannerTests: XCTestCase {
  func testMaliciousDataPklIsCaught() throws {
    let bytes = ZipBuilder.torch(dataPkl: PickleBuilder.stackGlobalCall())
    let result = try TorchZipScanner.scan(bytes: bytes, file: "malicious.pt")
    XCTAssertEqual(result.pickleMembers, ["archive/data.pkl"])
    XCTAssertEqual(result.entries.count, 4)
    let finding = try XCTUnwrap(result.scan.findings.first)
    XCTAssertEqual(finding.file, "malicious.pt:archive/data.pkl")
    XCTAssertEqual(finding.global, "os.system")
    // Offsets are absolute in the archive: local header (30 bytes) + name (16 bytes) + 14.
    XCTAssertEqual(finding.offset, 30 + 16 + 14)
  }

  func testBenignArchiveIsClean() throws {
    let result = try TorchZipScanner.scan(bytes: ZipBuilder.torch(dataPkl: PickleBuilder.benignTorch()), file: "ok.pt")
    XCTAssertTrue(result.scan.isSafe, "\(result.scan.findings)")
    XCTAssertEqual(result.scan.pickleCount, 1)
  }

  func testCompressedPickleMemberFailsClosed() throws {
    let bytes = ZipBuilder.torch(dataPkl: PickleBuilder.benignTorch(), method: 8)
    let result = try TorchZipScanner.scan(bytes: bytes, file: "c.pt")
    XCTAssertEqual(result.scan.findings.map(\.code.rawValue), ["artifact.pickle.compressed-member-not-scanned"])
  }

  func testEveryPklMemberIsScanned() throws {
    var zip = ZipBuilder()
    zip.add("model/data.pkl", PickleBuilder.benignTorch())
    zip.add("model/extra/hooks.pkl", PickleBuilder.globalCall("builtins", "exec", proto: 2))
    let result = try TorchZipScanner.scan(bytes: zip.build(), file: "m.pt")
    XCTAssertEqual(result.scan.findings.map(\.file), ["m.pt:model/extra/hooks.pkl"])
  }

  func testHostileArchives() {
    var traversal = ZipBuilder()
    traversal.add("../evil.pkl", PickleBuilder.benignTorch())
    XCTAssertThrowsError(try TorchZipScanner.scan(bytes: traversal.build(), file: "t.pt")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.zip.unsafe-member-path")
    }
    var duplicate = ZipBuilder()
    duplicate.add("a/data.pkl", PickleBuilder.benignTorch())
    duplicate.add("a/data.pkl", PickleBuilder.stackGlobalCall())
    XCTAssertThrowsError(try TorchZipScanner.scan(bytes: duplicate.build(), file: "d.pt")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.zip.duplicate-member")
    }
    XCTAssertThrowsError(try TorchZipScanner.scan(bytes: [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 40), file: "x"))
    let valid = ZipBuilder.torch(dataPkl: PickleBuilder.benignTorch())
    for cut in stride(from: 0, to: valid.count, by: 7) {
      _ = try? TorchZipScanner.scan(bytes: Array(valid[0..<cut]), file: "cut")
    }
  }
}

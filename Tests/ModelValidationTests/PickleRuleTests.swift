import Foundation
import ModelArtifacts
import PlatformModel
import TestSupport
import XCTest

@testable import ModelValidation

/// Every malicious pickle variant of the reference, written as files and run through the whole
/// describe → validate path under `pickle: allowlisted`: each is rejected as an unsafe pickle,
/// while a benign torch-style state dict passes. Under `pickle: forbidden` even the benign one fails.
final class PickleRuleTests: XCTestCase {
  static let malicious: [(name: String, bytes: [UInt8])] = [
    (
      "malicious.pkl",
      [0x80, 0x04, 0x8c, 0x02] + Array("os".utf8) + [0x8c, 0x06] + Array("system".utf8) + [0x93, 0x8c, 0x0a] + Array("echo pwned".utf8) + [
        0x85, 0x52, 0x2e,
      ]
    ),
    ("malicious_global_op.pkl", Array("cposix\nsystem\n(S'echo pwned'\ntR.".utf8)),
    (
      "memo.pkl",
      [0x80, 0x04, 0x8c, 0x08] + Array("builtins".utf8) + [0x94, 0x8c, 0x04] + Array("eval".utf8) + [0x94, 0x68, 0x00, 0x68, 0x01, 0x93, 0x2e]
    ),
    (
      "importlib.pkl",
      [0x80, 0x04, 0x8c, 0x09] + Array("importlib".utf8) + [0x8c, 0x0d] + Array("import_module".utf8) + [0x93, 0x8c, 0x02] + Array("os".utf8) + [
        0x85, 0x52, 0x2e,
      ]
    ),
    ("nested_loads.pkl", Array("c_pickle\nloads\n(C".utf8) + [0x05] + Array("hellotR.".utf8)),
    (
      "getattr_chain.pkl",
      [0x80, 0x04] + Array("cbuiltins\ngetattr\n(cbuiltins\n__import__\n(X".utf8) + [2, 0, 0, 0] + Array("ostRX".utf8) + [6, 0, 0, 0]
        + Array("systemtR.".utf8)
    ),
    // BUILD straight on an allowlisted class (setattr on numpy.dtype itself, the modelscan #330 shape).
    (
      "numpy_build.pkl",
      [0x80, 0x02] + Array("cnumpy\ndtype\n".utf8) + [0x7d, 0x58, 12, 0, 0, 0] + Array("__builtins__".utf8) + [0x4e, 0x73, 0x62, 0x2e]
    ),
    // No pickle extension and no protocol-2 magic: found by structure.
    ("weights.bin", Array("cos\nsystem\n(S'id'\ntR.".utf8)),
  ]

  static let benignTorch: [UInt8] =
    [0x80, 0x02] + Array("ccollections\nOrderedDict\nq\u{0})Rq\u{1}X".utf8) + [6, 0, 0, 0]
    + Array("weightq\u{2}ctorch._utils\n_rebuild_tensor_v2\nq\u{3}((X".utf8)
    + [7, 0, 0, 0] + Array("storageq\u{4}ctorch\nFloatStorage\nq\u{5}X".utf8) + [1, 0, 0, 0] + Array("0X".utf8) + [3, 0, 0, 0]
    + Array("cpuK\u{4}tQK\u{0}K\u{4}".utf8) + [0x85] + Array("K\u{1}".utf8) + [0x85, 0x89] + Array("h\u{0})RtRs.".utf8)

  private func codes(_ files: [String: [UInt8]], pickle: String) throws -> [String] {
    let dir = try Fixtures.directory(files)
    defer { try? FileManager.default.removeItem(at: dir) }
    let (described, diagnostics) = ModelDescriber.describe(path: dir.path)
    XCTAssertEqual(diagnostics, [])
    let d = try XCTUnwrap(described)
    let contract = Fixtures.contract(formats: ["pytorch", "safetensors"], inputs: [], outputs: [], required: [], pickle: pickle)
    // Only the security rules matter here (a raw pickle is never an allowed *format* either).
    return ContractValidator.validate(ValidationInput(model: Fixtures.model(contract), description: d)).diagnostics
      .map(\.code.rawValue).filter { $0.hasPrefix("model.security.") }
  }

  private let weights = ["model.safetensors": Fixtures.safetensors(tensors: [("w", [2])])]

  func testEveryMaliciousVariantIsRejected() throws {
    for (name, bytes) in Self.malicious {
      let found = try codes(weights.merging([name: bytes]) { a, _ in a }, pickle: "allowlisted")
      XCTAssertTrue(found.contains("model.security.unsafe-pickle"), "\(name): \(found)")
    }
  }

  func testMaliciousCarriersFromTheSeedCorpus() throws {
    // The committed fuzz seeds: a torch.save-style zip and an object-dtype .npy, both carrying os.system.
    let corpus = RepoPaths.packageRoot.appendingPathComponent("Fuzz/corpus")
    for (file, name) in [("torchzip/malicious-pt", "malicious.pt"), ("npy/object", "array.npy")] {
      let bytes = [UInt8](try Data(contentsOf: corpus.appendingPathComponent(file)))
      let found = try codes(weights.merging([name: bytes]) { a, _ in a }, pickle: "allowlisted")
      XCTAssertTrue(found.contains("model.security.unsafe-pickle"), "\(name): \(found)")
    }
  }

  func testBenignTorchStyleStateDict() throws {
    XCTAssertEqual(try codes(weights.merging(["state.pkl": Self.benignTorch]) { a, _ in a }, pickle: "allowlisted"), [])
    XCTAssertEqual(
      try codes(weights.merging(["state.pkl": Self.benignTorch]) { a, _ in a }, pickle: "forbidden"), ["model.security.pickle-forbidden"])
    XCTAssertEqual(try codes(weights, pickle: "forbidden"), [])
  }
}

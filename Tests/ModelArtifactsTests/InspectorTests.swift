import Foundation
import Hashing
import XCTest

@testable import ModelArtifacts

final class InspectorTests: XCTestCase {
  private func modelDirectory() throws -> TempDir {
    let dir = try TempDir()
    var safetensors = SafetensorsBuilder()
    safetensors.metadata = [("owner", "ml-team")]
    safetensors.add("weight", "F32", [2, 4])
    try dir.write("model.safetensors", safetensors.build())
    try dir.write("model.gguf", GGUFBuilder.reference().build())
    try dir.write("onnx/model.onnx", ONNXBuilder.model(external: "weights.bin"))
    try dir.write("onnx/weights.bin", [UInt8](repeating: 0, count: 32))
    try dir.write("malicious.pkl", PickleBuilder.stackGlobalCall())
    try dir.write("malicious.pt", ZipBuilder.torch(dataPkl: PickleBuilder.stackGlobalCall()))
    try dir.write("benign.pt", ZipBuilder.torch(dataPkl: PickleBuilder.benignTorch()))
    try dir.write("noext", PickleBuilder.globalCall("posix", "system"))  // protocol 0, no magic
    try dir.write("config.json", Array("{\"a\": 1}".utf8))
    try dir.write("broken.safetensors", SafetensorsBuilder.file(header: "{}", dataSize: 5))
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/escape", withDestinationPath: "/etc/passwd")
    return dir
  }

  func testDetectsFormatsByMagic() throws {
    let dir = try modelDirectory()
    defer { dir.cleanup() }
    let expected: [String: ArtifactFormat] = [
      "model.safetensors": .safetensors, "model.gguf": .gguf, "onnx/model.onnx": .onnx, "malicious.pkl": .pickle,
      "malicious.pt": .torchZip, "noext": .pickle, "config.json": .unknown, "onnx/weights.bin": .unknown,
    ]
    for (name, format) in expected {
      XCTAssertEqual(try ArtifactInspector.detectFormat(path: dir.path + "/" + name), format, name)
    }
    // A renamed file is still recognised by its bytes.
    try dir.write("weights.bin", PickleBuilder.stackGlobalCall())
    XCTAssertEqual(try ArtifactInspector.detectFormat(path: dir.path + "/weights.bin"), .pickle)
    try dir.write("renamed.onnx", GGUFBuilder.reference().build())
    XCTAssertEqual(try ArtifactInspector.detectFormat(path: dir.path + "/renamed.onnx"), .gguf)
  }

  func testTruncatedAndTextLookalikes() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    // No STOP: pickle.load still runs os.system before failing, so it must be a pickle.
    let truncated = try dir.write("payload", Array(PickleBuilder.globalCall("os", "system").dropLast()))
    XCTAssertEqual(try ArtifactInspector.detectFormat(path: truncated), .pickle)
    let facts = try ArtifactInspector.inspect(path: truncated)
    XCTAssertTrue(facts.pickleFindings.contains { $0.global == "os.system" })
    // Text that merely starts with a GLOBAL-like line is not a pickle.
    let text = try dir.write("notes", Array("cuda: true\nbatch size: 4\nmore\n".utf8))
    XCTAssertEqual(try ArtifactInspector.detectFormat(path: text), .unknown)
    let proto1 = try dir.write("p1", [0x80, 0x01] + PickleBuilder.globalCall("nt", "system"))
    XCTAssertEqual(try ArtifactInspector.detectFormat(path: proto1), .pickle)
    XCTAssertTrue(ArtifactInspector.isImportable("torch._utils"))
    XCTAssertFalse(ArtifactInspector.isImportable("uda: true"))
    XCTAssertFalse(ArtifactInspector.isImportable("a..b"))
  }

  func testInspectDirectory() throws {
    let dir = try modelDirectory()
    defer { dir.cleanup() }
    let facts = try ArtifactInspector.inspect(path: dir.path)
    XCTAssertEqual(facts.format, .directory)
    XCTAssertEqual(
      facts.files.map(\.path),
      [
        "benign.pt", "broken.safetensors", "config.json", "malicious.pkl", "malicious.pt", "model.gguf",
        "model.safetensors", "noext", "onnx/model.onnx", "onnx/weights.bin",
      ])
    XCTAssertEqual(facts.rootDigest, try ModelSigningDigest.compute(path: dir.path).root)
    XCTAssertEqual(
      Set(facts.pickleFindings.map(\.file)), ["malicious.pkl", "malicious.pt:archive/data.pkl", "noext"])
    XCTAssertEqual(facts.inputs.map(\.name), ["X"])
    XCTAssertEqual(facts.externalReferences, ["onnx/weights.bin"])
    XCTAssertEqual(facts.metadata["owner"]?.source.reader, ArtifactFormat.safetensors.rawValue)
    XCTAssertEqual(facts.metadata["general.architecture"]?.value, .string("llama"))
    XCTAssertEqual(
      Set(facts.issues.map(\.code.rawValue)), ["artifact.file.symlink", "artifact.safetensors.trailing-bytes"])
    XCTAssertTrue(facts.tensors.contains(TensorSpec(name: "weight", dtype: .f32, shape: [.fixed(2), .fixed(4)])))
  }

  func testMissingExternalDataIsAnIssue() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    try dir.write("model.onnx", ONNXBuilder.model(external: "missing.bin"))
    let facts = try ArtifactInspector.inspect(path: dir.path)
    XCTAssertEqual(facts.issues.map(\.code.rawValue), ["artifact.onnx.missing-external-data"])
  }

  func testInspectSingleFile() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let bytes = GGUFBuilder.reference().build()
    let path = try dir.write("model.gguf", bytes)
    let facts = try ArtifactInspector.inspect(path: path)
    XCTAssertEqual(facts.format, .gguf)
    XCTAssertEqual(facts.files, [FileDigest(path: "model.gguf", size: UInt64(bytes.count), sha256: SHA256.hexDigest(bytes))])
    XCTAssertEqual(facts.rootDigest, SHA256.hexDigest(SHA256.digest(bytes)))
    let broken = try dir.write("bad.safetensors", SafetensorsBuilder.file(header: "{}", dataSize: 1))
    XCTAssertThrowsError(try ArtifactInspector.inspect(path: broken))
  }

  /// Facts are no longer `Codable` (their issues are `Diagnostic`s, and nothing encoded them); dimensions are.
  func testDimensionsEncodeAsSizesAndNames() throws {
    let dims = try JSONEncoder().encode([Dim.fixed(4), .unknown, .symbolic("N")])
    XCTAssertEqual(String(decoding: dims, as: UTF8.self), #"[4,-1,"N"]"#)
  }
}

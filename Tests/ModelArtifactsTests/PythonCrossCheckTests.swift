import Foundation
import TestSupport
import XCTest

@testable import ModelArtifacts

/// Writes real files with the PyPI writers (safetensors, gguf) and reads them back.
/// Skipped unless the repo's venv (or `PAVED_ARTIFACTS_PYTHON`) can `import safetensors, gguf`.
final class PythonCrossCheckTests: XCTestCase {
  private static let script = #"""
    import json, sys
    import numpy as np
    from safetensors.numpy import save_file
    import gguf
    out = sys.argv[1]
    save_file({"weight": np.zeros((2, 4), np.float32), "bias": np.ones(2, np.float32),
               "step": np.zeros(1, np.int64), "half": np.zeros((3, 5), np.float16)},
              out + "/model.safetensors", metadata={"owner": "ml-team", "license": "mit"})
    w = gguf.GGUFWriter(out + "/model.gguf", "llama")
    w.add_name("tiny")
    w.add_string("general.license", "mit")
    w.add_array("tokenizer.ggml.scores", [0.5, 1.0])
    w.add_uint32("llama.context_length", 128)
    w.add_tensor("w", np.zeros((8, 4), np.float32))
    w.add_tensor("b", np.zeros(8, np.float32))
    w.add_tensor("h", np.zeros((2, 64), np.float16))
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
    import os
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))
    np.save(out + "/objects.npy", np.array([Evil(), 1], dtype=object), allow_pickle=True)
    np.save(out + "/numbers.npy", np.arange(6, dtype=np.float32).reshape(2, 3))
    np.savez(out + "/arrays.npz", a=np.zeros(3), b=np.array([Evil()], dtype=object))
    sizes = {int(k): [int(v[0]), int(v[1])] for k, v in gguf.GGML_QUANT_SIZES.items()}
    json.dump(sizes, open(out + "/quant_sizes.json", "w"))
    """#

  private func python() throws -> String {
    let candidate =
      ProcessInfo.processInfo.environment["PAVED_ARTIFACTS_PYTHON"]
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        ".venv/bin/python"
      ).path
    guard FileManager.default.isExecutableFile(atPath: candidate) else {
      print("PythonCrossCheckTests: skipped, \(candidate) does not exist")
      throw missingTool("no venv python at \(candidate)")
    }
    let status = try run(candidate, ["-c", "import safetensors, gguf, numpy"])
    guard status == 0 else {
      print("PythonCrossCheckTests: skipped, \(candidate) cannot import safetensors, gguf, numpy")
      throw missingTool("\(candidate) cannot import safetensors, gguf, numpy")
    }
    return candidate
  }

  private func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func testPyPIWrittenFilesReadBack() throws {
    let python = try python()
    let dir = try TempDir()
    defer { dir.cleanup() }
    try dir.write("gen.py", Array(Self.script.utf8))
    XCTAssertEqual(try run(python, [dir.path + "/gen.py", dir.path]), 0)

    let header = try SafetensorsReader.read(path: dir.path + "/model.safetensors", label: "model.safetensors")
    XCTAssertEqual(header.metadata, ["owner": "ml-team", "license": "mit"])
    let byName = Dictionary(uniqueKeysWithValues: header.tensors.map { ($0.name, $0) })
    XCTAssertEqual(byName["weight"]?.shape, [2, 4])
    XCTAssertEqual(byName["weight"]?.dtype.name, "F32")
    XCTAssertEqual(byName["step"]?.dtype.name, "I64")
    XCTAssertEqual(byName["half"]?.dtype.canonical, .f16)
    XCTAssertEqual(header.dataStart % 8, 0)

    let gguf = try GGUFReader.read(path: dir.path + "/model.gguf", label: "model.gguf")
    XCTAssertEqual(gguf.value("general.architecture"), .string("llama"))
    XCTAssertEqual(gguf.value("general.name"), .string("tiny"))
    XCTAssertEqual(gguf.value("llama.context_length"), .uint32(128))
    let tensors = Dictionary(uniqueKeysWithValues: gguf.tensors.map { ($0.name, $0) })
    XCTAssertEqual(tensors["w"]?.shape, [8, 4])
    XCTAssertEqual(tensors["h"]?.ggmlType, 1)
    XCTAssertEqual(tensors["h"]?.byteCount, 256)

    let facts = try ArtifactInspector.inspect(path: dir.path)
    XCTAssertTrue(facts.issues.isEmpty, "\(facts.issues)")
    XCTAssertEqual(
      Set(facts.pickleFindings.map { "\($0.file) \($0.global ?? "")" }),
      ["objects.npy posix.system", "arrays.npz:b.npy posix.system"])
    XCTAssertEqual(try ArtifactInspector.detectFormat(path: dir.path + "/numbers.npy"), .numpy)

    // Our ggml block table must agree with gguf-py's for every type both know. Q8_1 (9) is an
    // in-memory-only type where gguf-py still lists the old 40-byte block; ggml's
    // `sizeof(block_q8_1)` is 36 (two halves + 32 quants).
    let sizes = try JSONDecoder().decode(
      [String: [UInt64]].self, from: Data(contentsOf: URL(fileURLWithPath: dir.path + "/quant_sizes.json")))
    for (key, pair) in sizes {
      guard let type = UInt32(key), type != 9, let known = GGMLType.known[type] else { continue }
      XCTAssertEqual([known.blockSize, known.typeSize], pair, "ggml type \(type) \(known.name)")
    }
  }
}

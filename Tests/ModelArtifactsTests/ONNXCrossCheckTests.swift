import Foundation
import TestSupport
import XCTest

@testable import ModelArtifacts

/// Writes models with the real `onnx` package (helper + external data) and reads them back.
/// Skipped unless the venv python (or `PAVED_ARTIFACTS_PYTHON`) can `import onnx`.
final class ONNXCrossCheckTests: XCTestCase {
  private static let script = #"""
    import sys
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    out = sys.argv[1]
    W = numpy_helper.from_array(np.zeros((4, 2), np.float32), "W")
    B = numpy_helper.from_array(np.zeros((2,), np.float32), "B")
    X = helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 4])
    Y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", 2])
    M = helper.make_tensor_value_info("M", TensorProto.INT64, None)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["X", "W", "B"], ["Y"]), helper.make_node("Shape", ["X"], ["M"])],
        "main", [X], [Y, M], [W, B])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="pytest")
    model.ir_version = 8
    helper.set_model_props(model, {"owner": "ml-team", "git_commit": "abc123", "license": "mit"})
    onnx.save_model(model, out + "/model.onnx")
    onnx.save_model(model, out + "/ext/model.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                    location="weights.data", size_threshold=0)
    old = helper.make_model(helper.make_graph(
        [helper.make_node("Gemm", ["X", "W", "B"], ["Y"])], "old",
        [X, helper.make_tensor_value_info("W", TensorProto.FLOAT, [4, 2]),
         helper.make_tensor_value_info("B", TensorProto.FLOAT, [2])], [Y], [W, B]),
        opset_imports=[helper.make_opsetid("", 7)])
    old.ir_version = 3
    onnx.save_model(old, out + "/old.onnx")
    """#

  func testOnnxWrittenModelsReadBack() throws {
    let python =
      ProcessInfo.processInfo.environment["PAVED_ARTIFACTS_PYTHON"]
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        ".venv/bin/python"
      ).path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      print("ONNXCrossCheckTests: skipped, \(python) does not exist")
      throw missingTool("no venv python at \(python)")
    }
    let dir = try TempDir()
    defer { dir.cleanup() }
    try FileManager.default.createDirectory(atPath: dir.path + "/ext", withIntermediateDirectories: true)
    try dir.write("gen.py", Array(Self.script.utf8))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", "import onnx, numpy"]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      print("ONNXCrossCheckTests: skipped, \(python) cannot import onnx")
      throw missingTool("\(python) cannot import onnx")
    }
    let generate = Process()
    generate.executableURL = URL(fileURLWithPath: python)
    generate.arguments = [dir.path + "/gen.py", dir.path]
    try generate.run()
    generate.waitUntilExit()
    XCTAssertEqual(generate.terminationStatus, 0)

    let model = try ONNXReader.read(path: dir.path + "/model.onnx", label: "model.onnx")
    XCTAssertEqual(model.irVersion, 8)
    XCTAssertEqual(model.producerName, "pytest")
    XCTAssertEqual(model.opsets, [ONNXOpset(domain: "ai.onnx", version: 17)])
    XCTAssertEqual(model.inputs, [TensorSpec(name: "X", dtype: .f32, shape: [.symbolic("N"), .fixed(4)])])
    XCTAssertEqual(
      model.outputs,
      [TensorSpec(name: "Y", dtype: .f32, shape: [.symbolic("N"), .fixed(2)]), TensorSpec(name: "M", dtype: .i64, shape: nil)])
    XCTAssertEqual(model.initializers.map(\.name), ["W", "B"])
    XCTAssertEqual(model.initializers[0].shape, [.fixed(4), .fixed(2)])
    XCTAssertEqual(Set(model.metadataProps.map(\.key)), ["owner", "git_commit", "license"])
    XCTAssertTrue(model.externalData.isEmpty)

    let external = try ONNXReader.read(path: dir.path + "/ext/model.onnx", label: "ext/model.onnx")
    XCTAssertEqual(Set(external.externalData.map(\.location)), ["weights.data"])
    XCTAssertEqual(external.externalData.count, 2)
    let facts = try ArtifactInspector.inspect(path: dir.path)
    XCTAssertEqual(facts.externalReferences, ["ext/weights.data"])
    XCTAssertTrue(facts.issues.isEmpty, "\(facts.issues)")

    let old = try ONNXReader.read(path: dir.path + "/old.onnx", label: "old.onnx")
    XCTAssertEqual(old.irVersion, 3)
    XCTAssertEqual(old.inputs.map(\.name), ["X"])
  }
}

import Diagnostics
import XCTest

@testable import ModelArtifacts

final class ONNXReaderTests: XCTestCase {
  func testReadsSignatureOpsetsAndMetadata() throws {
    let model = try ONNXReader.read(bytes: ONNXBuilder.model(), file: "model.onnx")
    XCTAssertEqual(model.irVersion, 8)
    XCTAssertEqual(model.producerName, "paved-tests")
    XCTAssertEqual(model.opsets, [ONNXOpset(domain: "ai.onnx", version: 17), ONNXOpset(domain: "com.microsoft", version: 1)])
    XCTAssertEqual(model.inputs, [TensorSpec(name: "X", dtype: .f32, shape: [.symbolic("N"), .fixed(4)])])
    XCTAssertEqual(model.outputs[0], TensorSpec(name: "Y", dtype: .f32, shape: [.symbolic("N"), .fixed(2)]))
    XCTAssertEqual(model.outputs[1], TensorSpec(name: "Z", dtype: .i64, shape: nil))
    XCTAssertEqual(model.outputs[2], TensorSpec(name: "U", dtype: .bf16, shape: [.unknown, .unknown]))
    XCTAssertEqual(model.initializers, [TensorSpec(name: "W", dtype: .f32, shape: [.fixed(4), .fixed(2)])])
    XCTAssertEqual(model.metadataProps.count, 3)
    let facts = ONNXReader.facts(model, file: "model.onnx")
    XCTAssertEqual(facts.metadata["license"]?.value, .string("mit"))
    XCTAssertEqual(facts.metadata["license"]?.source.key, "metadata_props.license")
    XCTAssertEqual(facts.metadata["onnx.opset.ai.onnx"]?.value, .int(17))
  }

  func testInitializersSubtractedFromInputsBeforeIR4() throws {
    let old = try ONNXReader.read(bytes: ONNXBuilder.model(ir: 3, initializerAsInput: true), file: "m")
    XCTAssertEqual(old.inputs.map(\.name), ["X"])
    let new = try ONNXReader.read(bytes: ONNXBuilder.model(ir: 8, initializerAsInput: true), file: "m")
    XCTAssertEqual(new.inputs.map(\.name), ["X", "W"])
  }

  func testExternalDataReferences() throws {
    let model = try ONNXReader.read(bytes: ONNXBuilder.model(external: "weights/w.bin"), file: "m")
    XCTAssertEqual(model.externalData, [ONNXExternalData(tensor: "W", location: "weights/w.bin", offset: nil, length: 32)])
    for bad in ["../secret.bin", "/etc/passwd", "a/../../b"] {
      XCTAssertThrowsError(try ONNXReader.read(bytes: ONNXBuilder.model(external: bad), file: "m"), bad) {
        XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.onnx.unsafe-external-path")
      }
    }
  }

  func testMalformedProtobufNeverTraps() {
    let bytes = ONNXBuilder.model()
    for cut in 0..<bytes.count { _ = try? ONNXReader.read(bytes: Array(bytes[0..<cut]), file: "cut") }
    XCTAssertThrowsError(try ONNXReader.read(bytes: [0x08] + [UInt8](repeating: 0xFF, count: 11), file: "v"))
    XCTAssertThrowsError(try ONNXReader.read(bytes: [0x0B], file: "group"))  // wire type 3
    XCTAssertThrowsError(try ONNXReader.read(bytes: [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], file: "len"))
  }
}

import Diagnostics
import XCTest

@testable import ModelArtifacts

final class GGUFReaderTests: XCTestCase {
  private func expectCode(_ b: GGUFBuilder, _ code: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try GGUFReader.read(bytes: b.build(), file: "t.gguf"), file: file, line: line) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, code, "\($0)", file: file, line: line)
    }
  }

  func testReadsValidV3File() throws {
    let gguf = try GGUFReader.read(bytes: GGUFBuilder.reference().build(), file: "m.gguf")
    XCTAssertEqual(gguf.version, 3)
    XCTAssertEqual(gguf.value("general.architecture"), .string("llama"))
    XCTAssertEqual(gguf.value("flag"), .bool(true))
    XCTAssertEqual(gguf.value("i"), .int64(-5))
    XCTAssertEqual(
      gguf.value("nested"),
      .array(
        elementType: 9, count: 2,
        elements: [
          .array(elementType: 4, count: 2, elements: [.uint32(1), .uint32(2)]),
          .array(elementType: 8, count: 1, elements: [.string("x")]),
        ]))
    XCTAssertEqual(gguf.tensors.map(\.name), ["w", "b"])
    XCTAssertEqual(gguf.tensors[0].shape, [8, 4])
    XCTAssertEqual(gguf.tensors[0].byteCount, 128)
    XCTAssertEqual(gguf.dataStart % 32, 0)
    let facts = GGUFReader.facts(gguf, file: "m.gguf")
    XCTAssertEqual(facts.tensors[0], TensorSpec(name: "w", dtype: .f32, shape: [.fixed(8), .fixed(4)]))
    XCTAssertEqual(facts.metadata["general.license"]?.value, .string("mit"))
    XCTAssertEqual(facts.metadata["general.license"]?.source.reader, ArtifactFormat.gguf.rawValue)
  }

  func testAllScalarTypesAndVersion2() throws {
    var b = GGUFBuilder()
    b.version = 2
    b.kvs = [
      ("a", .u8(1)), ("b", .i8(-1)), ("c", .u16(2)), ("d", .i16(-2)), ("e", .u32(3)), ("f", .i32(-3)),
      ("g", .f32(1.5)), ("h", .bool(0)), ("i", .string("s")), ("j", .u64(4)), ("k", .i64(-4)), ("l", .f64(0.25)),
    ]
    let gguf = try GGUFReader.read(bytes: b.build(), file: "v2.gguf")
    XCTAssertEqual(gguf.version, 2)
    XCTAssertEqual(gguf.metadata.count, 12)
    XCTAssertEqual(gguf.value("g"), .float32(1.5))
    XCTAssertEqual(gguf.value("h"), .bool(false))
  }

  func testCustomAlignmentAndQuantizedTensor() throws {
    var b = GGUFBuilder()
    b.kvs = [("general.alignment", .u32(64))]
    b.alignment = 64
    b.tensors = [.init(name: "q", dims: [64, 2], type: 2, offset: 0)]  // Q4_0: 2 blocks/row × 18 bytes × 2 rows
    b.dataSize = 72
    let gguf = try GGUFReader.read(bytes: b.build(), file: "q.gguf")
    XCTAssertEqual(gguf.alignment, 64)
    XCTAssertEqual(gguf.tensors[0].byteCount, 72)
    XCTAssertEqual(GGUFReader.facts(gguf, file: "q").tensors[0].dtype, .opaque("ggml:Q4_0"))
  }

  func testLargeArraysAreSummarised() throws {
    var b = GGUFBuilder()
    b.kvs = [("tokenizer.ggml.tokens", .array(8, (0..<2000).map { .string("t\($0)") }))]
    let gguf = try GGUFReader.read(bytes: b.build(), file: "v.gguf")
    XCTAssertEqual(gguf.value("tokenizer.ggml.tokens"), .array(elementType: 8, count: 2000, elements: []))
    XCTAssertEqual(
      GGUFReader.facts(gguf, file: "v").metadata["tokenizer.ggml.tokens"]?.value,
      .arraySummary(elementType: "string", count: 2000))
  }

  func testHeaderViolations() {
    var magic = GGUFBuilder.reference()
    magic.magic = Array("GGML".utf8)
    expectCode(magic, "artifact.gguf.bad-magic")
    var v1 = GGUFBuilder.reference()
    v1.version = 1
    expectCode(v1, "artifact.gguf.unsupported-version")
    var bigEndian = GGUFBuilder.reference()
    bigEndian.version = 0x0300_0000
    expectCode(bigEndian, "artifact.gguf.big-endian")
    var tensors = GGUFBuilder.reference()
    tensors.tensorCountOverride = UInt64.max
    expectCode(tensors, "artifact.gguf.too-many-tensors")
    var kvs = GGUFBuilder.reference()
    kvs.kvCountOverride = 1 << 40
    expectCode(kvs, "artifact.gguf.too-many-keys")
    XCTAssertThrowsError(try GGUFReader.read(bytes: Array("GGUF".utf8), file: "short")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.gguf.file-too-small")
    }
  }

  func testValueViolations() {
    var hugeArray = GGUFBuilder()
    hugeArray.kvs = [("x", .hollowArray(10, UInt64.max))]
    expectCode(hugeArray, "artifact.gguf.array-too-large")
    var badType = GGUFBuilder()
    badType.kvs = [("x", .hollowArray(13, 1))]
    expectCode(badType, "artifact.gguf.invalid-value-type")
    var deep = GGUFBuilder.Value.array(4, [.u32(1)])
    for _ in 0..<10 { deep = .array(9, [deep]) }
    var tooDeep = GGUFBuilder()
    tooDeep.kvs = [("x", deep)]
    expectCode(tooDeep, "artifact.gguf.array-too-deep")
    var dup = GGUFBuilder()
    dup.kvs = [("x", .u8(1)), ("x", .u8(2))]
    expectCode(dup, "artifact.gguf.duplicate-key")
    var bool = GGUFBuilder()
    bool.kvs = [("x", .bool(2))]
    expectCode(bool, "artifact.gguf.invalid-bool")
    var alignment = GGUFBuilder()
    alignment.kvs = [("general.alignment", .u32(48))]
    expectCode(alignment, "artifact.gguf.invalid-alignment")
    var alignmentType = GGUFBuilder()
    alignmentType.kvs = [("general.alignment", .u64(64))]
    expectCode(alignmentType, "artifact.gguf.invalid-alignment")
    var hugeString = GGUFBuilder()
    hugeString.kvs = [("x", .u8(0))]
    var bytes = hugeString.build()
    // Rewrite the key length to an absurd value.
    bytes.replaceSubrange(24..<32, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
    XCTAssertThrowsError(try GGUFReader.read(bytes: bytes, file: "s")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.gguf.name-too-long")
    }
  }

  func testTensorViolations() {
    var misaligned = GGUFBuilder.reference()
    misaligned.tensors[1].offset = 130
    expectCode(misaligned, "artifact.gguf.misaligned-tensor")
    var outOfBounds = GGUFBuilder.reference()
    outOfBounds.tensors[1].offset = 1 << 20
    expectCode(outOfBounds, "artifact.gguf.tensor-out-of-bounds")
    var overlap = GGUFBuilder.reference()
    overlap.tensors[1].offset = 96
    expectCode(overlap, "artifact.gguf.overlapping-tensors")
    var rank = GGUFBuilder.reference()
    rank.tensors[0].dims = [1, 1, 1, 1, 1]
    expectCode(rank, "artifact.gguf.too-many-dimensions")
    var type = GGUFBuilder.reference()
    type.tensors[0].type = 99
    expectCode(type, "artifact.gguf.unknown-tensor-type")
    var block = GGUFBuilder.reference()
    block.tensors[0].type = 2  // Q4_0 needs the inner dimension to be a multiple of 32
    expectCode(block, "artifact.gguf.invalid-dimension")
    var overflow = GGUFBuilder.reference()
    overflow.tensors[0].dims = [1 << 40, 1 << 40]
    expectCode(overflow, "artifact.gguf.size-overflow")
    var dup = GGUFBuilder.reference()
    dup.tensors[1].name = "w"
    expectCode(dup, "artifact.gguf.duplicate-tensor")
    var longName = GGUFBuilder.reference()
    longName.tensors[0].name = String(repeating: "n", count: 65)
    expectCode(longName, "artifact.gguf.name-too-long")
  }

  func testTruncationAnywhereNeverTraps() throws {
    let bytes = GGUFBuilder.reference().build()
    for length in 0..<bytes.count {
      XCTAssertThrowsError(try GGUFReader.read(bytes: Array(bytes[0..<length]), file: "cut"), "length \(length)")
    }
  }
}

final class GGUFRetentionTests: XCTestCase {
  func testNestedArraysShareOneRetentionBudget() throws {
    // 100 arrays of 1000 u8: each is under the per-array cap, but together they exceed the
    // per-file budget, so later ones are summarised.
    let inner = GGUFBuilder.Value.array(0, (0..<1000).map { _ in .u8(1) })
    var b = GGUFBuilder()
    b.kvs = [("nested", .array(9, Array(repeating: inner, count: 100)))]
    let gguf = try GGUFReader.read(bytes: b.build(), file: "n.gguf")
    guard case .array(_, let count, let elements) = gguf.value("nested") else { return XCTFail("not an array") }
    XCTAssertEqual(count, 100)
    let retained = elements.reduce(0) { total, element in
      if case .array(_, _, let values) = element { return total + values.count }
      return total
    }
    XCTAssertLessThanOrEqual(UInt64(retained), GGUFReader.maxRetainedValues)
    XCTAssertGreaterThan(retained, 0)
  }
}

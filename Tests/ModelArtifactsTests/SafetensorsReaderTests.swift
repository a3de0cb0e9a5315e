import Diagnostics
import Foundation
import XCTest

@testable import ModelArtifacts

final class SafetensorsReaderTests: XCTestCase {
  private func reference() -> SafetensorsBuilder {
    var builder = SafetensorsBuilder()
    builder.metadata = [("owner", "ml-team"), ("license", "apache-2.0")]
    builder.add("weight", "F32", [2, 4])
    builder.add("bias", "F32", [2])
    builder.add("step", "I64", [1])
    return builder
  }

  private func expectCode(_ bytes: [UInt8], _ code: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try SafetensorsReader.read(bytes: bytes, file: "t.safetensors"), file: file, line: line) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, code, "\($0)", file: file, line: line)
    }
  }

  func testReadsValidFile() throws {
    let header = try SafetensorsReader.read(bytes: reference().build(), file: "m.safetensors")
    XCTAssertEqual(header.tensors.map(\.name), ["weight", "bias", "step"])
    XCTAssertEqual(header.tensors[0].shape, [2, 4])
    XCTAssertEqual(header.tensors[2].begin, 40)
    XCTAssertEqual(header.metadata, ["owner": "ml-team", "license": "apache-2.0"])
    XCTAssertEqual(header.dataStart % 8, 0)
    let facts = SafetensorsReader.facts(header, file: "m.safetensors")
    XCTAssertEqual(facts.tensors[0], TensorSpec(name: "weight", dtype: .f32, shape: [.fixed(2), .fixed(4)]))
    XCTAssertEqual(facts.tensors[2].dtype, .i64)
    XCTAssertEqual(facts.metadata["owner"]?.value, .string("ml-team"))
    XCTAssertEqual(facts.metadata["owner"]?.source.key, "__metadata__.owner")
  }

  func testScalarAndEmptyTensorsAndOpaqueDtype() throws {
    var builder = SafetensorsBuilder()
    builder.add("scalar", "F32", [])
    builder.add("empty", "F32", [0, 3], offsets: (4, 4))
    let header = try SafetensorsReader.read(bytes: builder.build(), file: "s")
    XCTAssertEqual(header.tensors.count, 2)
    let f8 = SafetensorsBuilder.file(
      header: #"{"a":{"dtype":"F8_E4M3","shape":[3],"data_offsets":[0,3]}}"#, dataSize: 3)
    let facts = SafetensorsReader.facts(try SafetensorsReader.read(bytes: f8, file: "f8"), file: "f8")
    XCTAssertEqual(facts.tensors[0].dtype, .opaque("safetensors:F8_E4M3"))
  }

  func testSubByteDtypes() throws {
    let ok = SafetensorsBuilder.file(
      header: #"{"a":{"dtype":"F4","shape":[4],"data_offsets":[0,2]}}"#, dataSize: 2)
    XCTAssertNoThrow(try SafetensorsReader.read(bytes: ok, file: "f4"))
    let odd = SafetensorsBuilder.file(
      header: #"{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}"#, dataSize: 2)
    expectCode(odd, "artifact.safetensors.misaligned-bits")
  }

  func testHeaderLengthViolations() {
    expectCode([1, 2, 3], "artifact.safetensors.file-too-small")
    var beyond = ByteWriter()
    beyond.u64(1000)
    beyond.text("{}")
    expectCode(beyond.bytes, "artifact.safetensors.header-out-of-bounds")
    var huge = ByteWriter()
    huge.u64(UInt64.max)
    huge.text("{}")
    expectCode(huge.bytes, "artifact.safetensors.header-too-large")
    var cap = ByteWriter()
    cap.u64(100_000_001)
    expectCode(cap.bytes, "artifact.safetensors.header-too-large")
  }

  func testJSONViolations() {
    expectCode(SafetensorsBuilder.file(header: "[1]", dataSize: 0), "artifact.safetensors.invalid-header-start")
    expectCode(SafetensorsBuilder.file(header: "{\"a\":", dataSize: 0), "artifact.safetensors.invalid-json")
    expectCode(
      SafetensorsBuilder.file(
        header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#,
        dataSize: 2),
      "artifact.safetensors.duplicate-key")
    expectCode(
      SafetensorsBuilder.file(header: #"{"__metadata__":{"n":1}}"#, dataSize: 0), "artifact.safetensors.invalid-metadata")
    expectCode(
      SafetensorsBuilder.file(header: #"{"__metadata__":"x"}"#, dataSize: 0), "artifact.safetensors.invalid-metadata")
    var invalidUTF8 = ByteWriter()
    invalidUTF8.u64(8)
    invalidUTF8.raw([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20])
    expectCode(invalidUTF8.bytes, "artifact.safetensors.invalid-json")
  }

  func testTensorEntryViolations() {
    expectCode(
      SafetensorsBuilder.file(header: #"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, dataSize: 1),
      "artifact.safetensors.unknown-dtype")
    expectCode(
      SafetensorsBuilder.file(header: #"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, dataSize: 1),
      "artifact.safetensors.invalid-shape")
    expectCode(
      SafetensorsBuilder.file(header: #"{"a":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}"#, dataSize: 1),
      "artifact.safetensors.invalid-shape")
    expectCode(
      SafetensorsBuilder.file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,0]}}"#, dataSize: 1),
      "artifact.safetensors.invalid-offsets")
    expectCode(
      SafetensorsBuilder.file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0]}}"#, dataSize: 1),
      "artifact.safetensors.invalid-offsets")
    expectCode(
      SafetensorsBuilder.file(
        header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":1}}"#, dataSize: 1),
      "artifact.safetensors.invalid-tensor-entry")
    expectCode(
      SafetensorsBuilder.file(
        header: #"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, dataSize: 8),
      "artifact.safetensors.size-overflow")
    expectCode(
      SafetensorsBuilder.file(
        header: #"{"a":{"dtype":"U8","shape":[99999999999999999999],"data_offsets":[0,8]}}"#, dataSize: 8),
      "artifact.safetensors.invalid-shape")
  }

  func testHugeOffsetsDoNotOverflow() {
    // 15 tensors of 2^60 bytes and one of 2^60 - 1 tile [0, 2^64 - 1); "z" then overlaps the end.
    let chunk: UInt64 = 1 << 60
    var parts: [String] = []
    for index in 0..<16 {
      let begin = UInt64(index) * chunk
      let size = index == 15 ? chunk - 1 : chunk
      parts.append(#""t\#(index)":{"dtype":"U8","shape":[\#(size)],"data_offsets":[\#(begin),\#(begin + size)]}"#)
    }
    parts.append(#""z":{"dtype":"U8","shape":[1],"data_offsets":[18446744073709551613,18446744073709551614]}"#)
    let header = "{" + parts.joined(separator: ",") + "}"
    XCTAssertThrowsError(try SafetensorsReader.read(bytes: SafetensorsBuilder.file(header: header, dataSize: 0), file: "h")) {
      XCTAssertEqual(($0 as? Diagnostic)?.code.rawValue, "artifact.safetensors.non-contiguous", "\($0)")
      XCTAssertNil(($0 as? Diagnostic)?.binary?.byteOffset)
    }
    let overflow = #"{"a":{"dtype":"U8","shape":[9223372036854775808],"data_offsets":[0,9223372036854775808]}}"#
    expectCode(SafetensorsBuilder.file(header: overflow, dataSize: 0), "artifact.safetensors.size-overflow")
    let beyond = #"{"a":{"dtype":"U8","shape":[1152921504606846976],"data_offsets":[0,1152921504606846976]}}"#
    expectCode(SafetensorsBuilder.file(header: beyond, dataSize: 0), "artifact.safetensors.data-out-of-bounds")
  }

  func testWrongSizeForShapeAndDtype() {
    var builder = SafetensorsBuilder()
    builder.add("w", "F32", [2, 4], offsets: (0, 16))
    expectCode(builder.build(), "artifact.safetensors.size-mismatch")
  }

  func testNonContiguousOffsets() {
    var gap = SafetensorsBuilder()
    gap.add("a", "F32", [2], offsets: (0, 8))
    gap.add("b", "F32", [2], offsets: (12, 20))
    expectCode(gap.build(), "artifact.safetensors.non-contiguous")
    var overlap = SafetensorsBuilder()
    overlap.add("a", "F32", [2], offsets: (0, 8))
    overlap.add("b", "F32", [2], offsets: (4, 12))
    expectCode(overlap.build(), "artifact.safetensors.non-contiguous")
    var notFromZero = SafetensorsBuilder()
    notFromZero.add("a", "F32", [2], offsets: (4, 12))
    expectCode(notFromZero.build(), "artifact.safetensors.non-contiguous")
  }

  func testTrailingAndMissingData() {
    var trailing = reference()
    trailing.trailing = [0]
    expectCode(trailing.build(), "artifact.safetensors.trailing-bytes")
    var short = reference()
    short.truncateData = 1
    expectCode(short.build(), "artifact.safetensors.data-out-of-bounds")
    expectCode(SafetensorsBuilder.file(header: "{}", dataSize: 3), "artifact.safetensors.trailing-bytes")
  }

  func testErrorsCarryFileAndOffset() {
    var builder = SafetensorsBuilder()
    builder.add("w", "F32", [2, 4], offsets: (0, 16))
    do {
      _ = try SafetensorsReader.read(bytes: builder.build(), file: "x.safetensors")
      XCTFail("expected an error")
    } catch let error as Diagnostic {
      XCTAssertEqual(error.file, "x.safetensors")
      XCTAssertEqual(error.binary?.byteOffset, 9)  // the key "w" right after '{'
      XCTAssertEqual(error.description, "x.safetensors@9: \(error.code): \(error.summary)")
    } catch { XCTFail("\(error)") }
  }

  /// A 10 GiB sparse file: only the header is read, so this is instant and uses no disk.
  func testTenGiBSparseFileReadsHeaderOnly() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let elements = 10 * 1024 * 1024 * 1024 / 2
    let header = #"{"__metadata__":{"format":"pt"},"big":{"dtype":"BF16","shape":[\#(elements)],"data_offsets":[0,\#(elements * 2)]}}"#
    var bytes = SafetensorsBuilder.file(header: header, dataSize: 0)
    let dataStart = bytes.count
    let path = try dir.write("big.safetensors", bytes)
    bytes = []
    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: UInt64(dataStart) + UInt64(elements) * 2)
    try handle.close()
    let parsed = try SafetensorsReader.read(path: path, label: "big.safetensors")
    XCTAssertEqual(parsed.tensors.first?.shape, [UInt64(elements)])
    XCTAssertEqual(parsed.fileSize, UInt64(dataStart) + 10 * 1024 * 1024 * 1024)
    XCTAssertEqual(parsed.metadata["format"], "pt")
  }
}

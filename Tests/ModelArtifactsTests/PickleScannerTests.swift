import XCTest

@testable import ModelArtifacts

final class PickleScannerTests: XCTestCase {
  private func scan(_ bytes: [UInt8]) -> PickleScanResult { PickleScanner.scan(bytes: bytes, file: "p.pkl") }

  private func assertUnsafe(
    _ bytes: [UInt8], global: String?, code: String = "artifact.pickle.unsafe-global",
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let result = scan(bytes)
    XCTAssertFalse(result.isSafe, file: file, line: line)
    XCTAssertTrue(
      result.findings.contains { $0.code.rawValue == code && $0.global == global },
      "findings: \(result.findings)", file: file, line: line)
  }

  func testReferenceMaliciousStackGlobal() throws {
    let bytes = PickleBuilder.stackGlobalCall()
    XCTAssertEqual(bytes.count, 30)
    let result = scan(bytes)
    XCTAssertEqual(result.firstProtocol, 4)
    XCTAssertEqual(result.pickleCount, 1)
    let finding = try XCTUnwrap(result.findings.first)
    XCTAssertEqual(finding.global, "os.system")
    XCTAssertEqual(finding.opcode, "STACK_GLOBAL")
    XCTAssertEqual(finding.offset, 14)
    XCTAssertEqual(finding.file, "p.pkl")
    XCTAssertTrue(finding.reason.contains("code-execution"))
  }

  func testProtocol0GlobalVariants() {
    assertUnsafe(PickleBuilder.globalCall("posix", "system"), global: "posix.system")
    assertUnsafe(PickleBuilder.globalCall("nt", "system"), global: "nt.system")
    assertUnsafe(PickleBuilder.globalCall("builtins", "eval", proto: 3), global: "builtins.eval")
    assertUnsafe(PickleBuilder.globalCall("builtins", "exec", proto: 3), global: "builtins.exec")
    assertUnsafe(PickleBuilder.globalCall("__builtin__", "getattr", proto: 2), global: "__builtin__.getattr")
    assertUnsafe(PickleBuilder.globalCall("subprocess", "Popen", proto: 2), global: "subprocess.Popen")
    assertUnsafe(PickleBuilder.globalCall("subprocess", "check_output"), global: "subprocess.check_output")
    assertUnsafe(PickleBuilder.globalCall("runpy", "_run_code", proto: 2), global: "runpy._run_code")
    assertUnsafe(PickleBuilder.globalCall("importlib", "import_module", proto: 2), global: "importlib.import_module")
    assertUnsafe(PickleBuilder.globalCall("torch.serialization", "load", proto: 2), global: "torch.serialization.load")
    // Not deny-listed, but not allowlisted either: still unsafe.
    assertUnsafe(PickleBuilder.globalCall("mylib.evil", "Thing", proto: 2), global: "mylib.evil.Thing")
    let unknown = scan(PickleBuilder.globalCall("mylib.evil", "Thing"))
    XCTAssertTrue(unknown.findings[0].reason.contains("not on the weights-only allowlist"))
  }

  func testStackGlobalThroughMemo() {
    let binput = PickleBuilder()
    binput.proto(4).shortUnicode("os").binput(0).shortUnicode("system").binput(1).op(0x30).op(0x30)
      .emptyDict().op(0x30).binget(0).binget(1).stackGlobal().shortUnicode("id").tuple1().reduce().stop()
    assertUnsafe(binput.bytes, global: "os.system")

    let memoize = PickleBuilder()
    memoize.proto(4).frame(40).binUnicode8("subprocess").memoize().shortUnicode("getoutput").memoize()
      .op(0x30).op(0x30).longBinget(0).longBinget(1).stackGlobal().shortUnicode("id").tuple1().reduce().stop()
    assertUnsafe(memoize.bytes, global: "subprocess.getoutput")

    let textMemo = PickleBuilder()
    textMemo.proto(2).unicode0("builtins").put(7).string0("eval").longBinput(8).op(0x30).op(0x30)
      .get(7).longBinget(8).stackGlobal().stop()
    assertUnsafe(textMemo.bytes, global: "builtins.eval")
  }

  func testUnresolvableStackGlobalIsUnsafe() {
    let p = PickleBuilder()
    p.proto(4).binBytes(Array("os".utf8)).shortUnicode("system").stackGlobal().stop()
    assertUnsafe(p.bytes, global: "?.system", code: "artifact.pickle.unresolved-global")
    let computed = PickleBuilder()  // module name produced by a call
    computed.proto(4).global("builtins", "str").shortUnicode("os").tuple1().reduce().shortUnicode("system")
      .stackGlobal().stop()
    let result = scan(computed.bytes)
    XCTAssertTrue(result.findings.contains { $0.code.rawValue == "artifact.pickle.unresolved-global" })
  }

  func testInstObjNewobjBuildAndExt() {
    let inst = PickleBuilder()
    inst.mark().string0("ls").inst("os", "system").stop()
    let instResult = scan(inst.bytes)
    XCTAssertEqual(instResult.findings.first?.opcode, "INST")
    XCTAssertEqual(instResult.findings.first?.global, "os.system")

    let obj = PickleBuilder()
    obj.proto(1).mark().global("os", "system").string0("ls").op(0x6F).stop()
    assertUnsafe(obj.bytes, global: "os.system")

    let newobj = PickleBuilder()
    newobj.proto(2).global("subprocess", "Popen").shortBinString("ls").tuple1().op(0x81).stop()
    assertUnsafe(newobj.bytes, global: "subprocess.Popen")

    let newobjEx = PickleBuilder()
    newobjEx.proto(4).shortUnicode("pty").shortUnicode("spawn").stackGlobal().emptyTuple().emptyDict().op(0x92).stop()
    assertUnsafe(newobjEx.bytes, global: "pty.spawn")

    let build = PickleBuilder()  // numpy-style attribute injection on an allowlisted class
    build.proto(2).global("numpy", "dtype").emptyDict().build().stop()
    let buildResult = scan(build.bytes)
    XCTAssertEqual(buildResult.findings.map(\.code.rawValue), ["artifact.pickle.build-on-global"])

    let ext = PickleBuilder()
    ext.proto(2).op(0x82).op(1).emptyTuple().reduce().stop()
    XCTAssertEqual(scan(ext.bytes).findings.first?.code.rawValue, "artifact.pickle.extension-opcode")
  }

  func testBenignTorchPickleIsClean() {
    let result = scan(PickleBuilder.benignTorch())
    XCTAssertTrue(result.isSafe, "\(result.findings)")
    XCTAssertEqual(
      Set(result.globals.map { "\($0.module).\($0.name)" }),
      ["collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage"])
    XCTAssertTrue(result.globals.allSatisfy { $0.verdict == .allowed })
    XCTAssertEqual(result.tensors, [TensorSpec(name: "weight", dtype: .f32, shape: [.fixed(2), .fixed(2)])])
  }

  func testSecondPickleInStreamIsScanned() {
    let bytes = PickleBuilder.benignTorch() + PickleBuilder.stackGlobalCall()
    let result = scan(bytes)
    XCTAssertEqual(result.pickleCount, 2)
    XCTAssertEqual(result.findings.first?.global, "os.system")
    XCTAssertEqual(result.findings.first?.offset, UInt64(PickleBuilder.benignTorch().count + 14))
  }

  func testLegacyTorchFile() throws {
    var stream = PickleScanner.legacyTorchMagic
    let version = PickleBuilder()
    version.proto(2).binint1(2).stop()
    stream += version.bytes
    let sysInfo = PickleBuilder()
    sysInfo.proto(2).emptyDict().stop()
    stream += sysInfo.bytes
    stream += PickleBuilder.globalCall("os", "system", proto: 2)
    stream += [0x80, 0x02, 0xFF, 0xFF]  // raw storage bytes after the pickles
    let dir = try TempDir()
    defer { dir.cleanup() }
    let path = try dir.write("legacy.pt", stream)
    let result = try PickleScanner.scan(path: path, label: "legacy.pt")
    XCTAssertEqual(result.findings.map(\.global), ["os.system"])
    XCTAssertEqual(result.pickleCount, 4)
  }

  func testMalformedStreamsFailClosed() {
    var truncated = PickleScanner.scan(bytes: Array(PickleBuilder.stackGlobalCall().dropLast()), file: "t")
    XCTAssertTrue(truncated.findings.contains { $0.code.rawValue == "artifact.pickle.malformed" })
    truncated = scan([0x80, 0x09, 0x2E])
    XCTAssertEqual(truncated.findings.first?.code.rawValue, "artifact.pickle.malformed")
    XCTAssertEqual(scan([0x80, 0x02, 0xFF]).findings.first?.reason, "unknown opcode 0xff")
    XCTAssertEqual(scan([0x80, 0x02, 0x52, 0x2E]).findings.first?.reason, "stack underflow")
    XCTAssertEqual(scan([0x80, 0x02, 0x68, 0x05, 0x2E]).findings.first?.reason, "memo index 5 is not defined")
    XCTAssertEqual(scan([]).findings.first?.code.rawValue, "artifact.pickle.malformed")
    // A huge BINBYTES8 length is skipped, not allocated.
    var huge = ByteWriter()
    huge.raw([0x80, 0x04, 0x8E])
    huge.u64(UInt64.max)
    XCTAssertEqual(scan(huge.bytes).findings.first?.code.rawValue, "artifact.pickle.malformed")
  }

  func testEveryPrefixAndEveryByteNeverTraps() {
    let bytes = PickleBuilder.benignTorch()
    for length in 0...bytes.count { _ = scan(Array(bytes[0..<length])) }
    for byte in 0...255 { _ = scan([0x80, 0x04, UInt8(byte), 0x00, 0x00, 0x00, 0x00, 0x2E]) }
  }

  func testAllowlistClassification() {
    XCTAssertEqual(PickleAllowlist.classify(module: "torch", name: "BFloat16Storage"), .allowed)
    XCTAssertEqual(PickleAllowlist.classify(module: "numpy.core.multiarray", name: "_reconstruct"), .allowed)
    XCTAssertEqual(PickleAllowlist.classify(module: "__builtin__", name: "set"), .allowed)
    XCTAssertEqual(PickleAllowlist.classify(module: "__builtin__", name: "eval"), .dangerous)
    XCTAssertEqual(PickleAllowlist.classify(module: "os.path", name: "join"), .dangerous)
    XCTAssertEqual(PickleAllowlist.classify(module: "sklearn.linear_model", name: "LogisticRegression"), .notAllowed)
  }
}

final class PickleMemoTests: XCTestCase {
  func testDenseSparseAndCount() {
    var memo = PickleMemo()
    memo[0] = .string("a")
    memo[1] = .other
    memo[1] = .string("b")
    memo[10] = .int(3)
    memo[4_294_967_295] = .string("far")
    XCTAssertEqual(memo.count, 4)
    XCTAssertEqual(memo[1], .string("b"))
    XCTAssertEqual(memo[10], .int(3))
    XCTAssertEqual(memo[4_294_967_295], .string("far"))
    XCTAssertNil(memo[5])
    memo[11] = .other
    XCTAssertEqual(memo.count, 5)
    memo.removeAll()
    XCTAssertEqual(memo.count, 0)
    XCTAssertNil(memo[0])
  }

  func testGrowingGapsStayBounded() {
    // Each LONG_BINPUT jumps far ahead: must not allocate the gaps.
    let p = PickleBuilder()
    p.proto(2).emptyDict()
    for i in 0..<5000 { p.longBinput(UInt32(i) * 100_000) }
    p.stop()
    let result = PickleScanner.scan(bytes: p.bytes, file: "gaps")
    XCTAssertTrue(result.isSafe)
  }
}

import XCTest

@testable import ModelArtifacts

/// Deterministic mutation testing: corrupted fixtures must produce errors or findings, never a
/// trap, hang or unbounded allocation.
final class MutationTests: XCTestCase {
  private struct XorShift {
    var state: UInt64
    mutating func next() -> UInt64 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return state
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
  }

  private func mutants(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
    var rng = XorShift(state: seed)
    var out: [[UInt8]] = []
    for _ in 0..<count {
      var copy = bytes
      switch rng.below(4) {
      case 0:  // flip a few bytes
        for _ in 0...rng.below(4) where !copy.isEmpty { copy[rng.below(copy.count)] = UInt8(truncatingIfNeeded: rng.next()) }
      case 1:  // write 0xFF runs (huge lengths and counts)
        let at = rng.below(copy.count)
        for index in at..<min(copy.count, at + 1 + rng.below(8)) { copy[index] = 0xFF }
      case 2:  // truncate
        copy = Array(copy.prefix(rng.below(copy.count)))
      default:  // insert random bytes
        let at = rng.below(copy.count + 1)
        copy.insert(contentsOf: (0..<(1 + rng.below(6))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
      }
      out.append(copy)
    }
    return out
  }

  func testCorruptedFixturesNeverTrap() {
    var safetensors = SafetensorsBuilder()
    safetensors.metadata = [("k", "v")]
    safetensors.add("a", "F32", [2, 2])
    safetensors.add("b", "I64", [1])
    let fixtures: [(String, [UInt8])] = [
      ("safetensors", safetensors.build()),
      ("gguf", GGUFBuilder.reference().build()),
      ("onnx", ONNXBuilder.model(external: "w.bin")),
      ("pickle", PickleBuilder.benignTorch()),
      ("zip", ZipBuilder.torch(dataPkl: PickleBuilder.benignTorch())),
    ]
    for (index, (name, bytes)) in fixtures.enumerated() {
      for mutant in mutants(of: bytes, count: 400, seed: 0x9E37_79B9_7F4A_7C15 &+ UInt64(index)) {
        _ = try? SafetensorsReader.read(bytes: mutant, file: name)
        _ = try? GGUFReader.read(bytes: mutant, file: name)
        _ = try? ONNXReader.read(bytes: mutant, file: name)
        _ = PickleScanner.scan(bytes: mutant, file: name)
        _ = try? TorchZipScanner.scan(bytes: mutant, file: name)
        _ = try? ArtifactInspector.facts(source: MemoryByteSource(mutant), name: name)
      }
    }
  }

  func testCorruptedMaliciousPicklesStayFlagged() {
    // Any mutant of a malicious pickle is either still flagged or malformed: never silently clean
    // while still importing os.system.
    for mutant in mutants(of: PickleBuilder.stackGlobalCall(), count: 500, seed: 42) {
      let result = PickleScanner.scan(bytes: mutant, file: "m")
      let importsSystem = result.globals.contains { $0.module == "os" && $0.name == "system" }
      if importsSystem { XCTAssertFalse(result.isSafe) }
    }
  }
}

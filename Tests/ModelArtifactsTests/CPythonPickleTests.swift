import Foundation
import XCTest

@testable import ModelArtifacts

/// Pickles produced by CPython's own pickler (stdlib only; nothing is ever unpickled), for
/// every protocol 0–5: benign data must walk cleanly, `__reduce__` payloads must be caught.
/// Skipped when no `python3` is on the PATH.
final class CPythonPickleTests: XCTestCase {
  private static let script = #"""
    import collections, os, pickle, sys, pickletools
    out = sys.argv[1]
    shared = ["shared"]
    benign = {
        "ints": [0, 1, -1, 255, 65535, 2**31, -2**31, 2**63, 2**200, -2**200],
        "floats": [0.5, -1e300, float("inf")],
        "text": ["", "ascii", "ünïcödé", "x" * 300, "line\nbreak"],
        "bytes": [b"", b"\x00\xff" * 200, bytearray(b"abc")],
        "containers": (set([1, 2]), frozenset([3]), (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)),
        "memo": [shared, shared, shared],
        "none": [None, True, False],
        "ordered": collections.OrderedDict([("a", 1), ("b", 2)]),
    }
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))
    for proto in range(0, 6):
        with open(f"{out}/benign{proto}.pkl", "wb") as f:
            f.write(pickle.dumps(benign, protocol=proto))
        with open(f"{out}/benign{proto}_opt.pkl", "wb") as f:
            f.write(pickletools.optimize(pickle.dumps(benign, protocol=proto)))
        with open(f"{out}/evil{proto}.pkl", "wb") as f:
            f.write(pickle.dumps([1, Evil()], protocol=proto))
    """#

  func testCPythonPicklesAllProtocols() throws {
    let python = "/usr/bin/env"
    let dir = try TempDir()
    defer { dir.cleanup() }
    try dir.write("gen.py", Array(Self.script.utf8))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["python3", dir.path + "/gen.py", dir.path]
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { throw XCTSkip("cannot start python3: \(error)") }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      print("CPythonPickleTests: skipped, python3 unavailable")
      throw XCTSkip("python3 is unavailable")
    }
    for proto in 0...5 {
      for name in ["benign\(proto).pkl", "benign\(proto)_opt.pkl"] {
        let result = try PickleScanner.scan(path: dir.path + "/" + name, label: name)
        XCTAssertEqual(result.pickleCount, 1, name)
        XCTAssertTrue(result.isSafe, "\(name): \(result.findings)")
        XCTAssertEqual(try ArtifactInspector.detectFormat(path: dir.path + "/" + name), .pickle, name)
      }
      let evil = try PickleScanner.scan(path: dir.path + "/evil\(proto).pkl", label: "evil")
      // os.system pickles as posix.system on Linux.
      XCTAssertEqual(evil.findings.map(\.global), ["posix.system"], "protocol \(proto)")
      XCTAssertEqual(evil.findings.first?.opcode, proto >= 4 ? "STACK_GLOBAL" : "GLOBAL")
    }
  }
}

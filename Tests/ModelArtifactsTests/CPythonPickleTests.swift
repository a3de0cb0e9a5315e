import Foundation
import TestSupport
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

    # A torch.save-shaped data.pkl written by CPython's pickler against stand-in torch modules
    # (same module/qualnames, persistent storage ids and reduce tuples as torch.serialization._save).
    import types, zipfile
    torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
    sys.modules["torch"] = torch; sys.modules["torch._utils"] = utils; torch._utils = utils
    def make_class(name):
        cls = type(name, (), {}); cls.__module__ = "torch"; setattr(torch, name, cls); return cls
    FloatStorage, HalfStorage = make_class("FloatStorage"), make_class("HalfStorage")
    def _rebuild_tensor_v2(*args): pass
    def _rebuild_parameter(*args): pass
    for fn in (_rebuild_tensor_v2, _rebuild_parameter):
        fn.__module__ = "torch._utils"; setattr(utils, fn.__name__, fn)
    class Storage:
        def __init__(self, cls, key, n): self.cls, self.key, self.n = cls, key, n
    class Tensor:
        def __init__(self, storage, size, stride): self.storage, self.size, self.stride = storage, size, stride
        def __reduce_ex__(self, proto):
            return (_rebuild_tensor_v2, (self.storage, 0, self.size, self.stride, False, collections.OrderedDict()))
    class Parameter:
        def __init__(self, data): self.data = data
        def __reduce_ex__(self, proto):
            return (_rebuild_parameter, (self.data, True, collections.OrderedDict()))
    class TorchPickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, Storage): return ("storage", obj.cls, obj.key, "cpu", obj.n)
            return None
    shared = Storage(FloatStorage, "0", 8)
    sd = collections.OrderedDict()
    sd["layer.weight"] = Tensor(shared, (2, 4), (4, 1))
    sd["layer.weight_view"] = Tensor(shared, (8,), (1,))
    sd["layer.bias"] = Parameter(Tensor(Storage(HalfStorage, "1", 2), (2,), (1,)))
    sd["scalar"] = Tensor(Storage(FloatStorage, "2", 1), (), ())
    sd["step"] = 5
    sd._metadata = collections.OrderedDict([("", {"version": 1})])
    import io
    buffer = io.BytesIO()
    TorchPickler(buffer, protocol=2).dump(sd)
    with zipfile.ZipFile(f"{out}/model.pt", "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", buffer.getvalue())
        z.writestr("archive/data/0", b"\0" * 32)
        z.writestr("archive/version", "3\n")
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
    do { try process.run() } catch { throw missingTool("cannot start python3: \(error)") }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      print("CPythonPickleTests: skipped, python3 unavailable")
      throw missingTool("python3 is unavailable")
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
    let torch = try ArtifactInspector.inspect(path: dir.path + "/model.pt")
    XCTAssertEqual(torch.format, .torchZip)
    XCTAssertTrue(torch.pickleFindings.isEmpty, "\(torch.pickleFindings)")
    XCTAssertEqual(
      torch.tensors,
      [
        TensorSpec(name: "layer.weight", dtype: .f32, shape: [.fixed(2), .fixed(4)]),
        TensorSpec(name: "layer.weight_view", dtype: .f32, shape: [.fixed(8)]),
        TensorSpec(name: "layer.bias", dtype: .f16, shape: [.fixed(2)]),
        TensorSpec(name: "scalar", dtype: .f32, shape: []),
      ])
  }
}

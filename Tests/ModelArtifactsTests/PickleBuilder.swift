/// Emits pickle opcodes by name, for hand-assembled fixtures (never loaded, only scanned).
final class PickleBuilder {
  var w = ByteWriter()
  var bytes: [UInt8] { w.bytes }

  @discardableResult func op(_ code: UInt8) -> PickleBuilder {
    w.u8(code)
    return self
  }
  @discardableResult func proto(_ v: UInt8) -> PickleBuilder {
    w.u8(0x80)
    w.u8(v)
    return self
  }
  @discardableResult func frame(_ n: UInt64) -> PickleBuilder {
    w.u8(0x95)
    w.u64(n)
    return self
  }
  @discardableResult func mark() -> PickleBuilder { op(0x28) }
  @discardableResult func stop() -> PickleBuilder { op(0x2E) }
  @discardableResult func shortUnicode(_ s: String) -> PickleBuilder {
    w.u8(0x8C)
    w.u8(UInt8(s.utf8.count))
    w.text(s)
    return self
  }
  @discardableResult func binUnicode(_ s: String) -> PickleBuilder {
    w.u8(0x58)
    w.u32(UInt32(s.utf8.count))
    w.text(s)
    return self
  }
  @discardableResult func binUnicode8(_ s: String) -> PickleBuilder {
    w.u8(0x8D)
    w.u64(UInt64(s.utf8.count))
    w.text(s)
    return self
  }
  @discardableResult func shortBinString(_ s: String) -> PickleBuilder {
    w.u8(0x55)
    w.u8(UInt8(s.utf8.count))
    w.text(s)
    return self
  }
  @discardableResult func string0(_ s: String) -> PickleBuilder {
    w.u8(0x53)
    w.text("'\(s)'\n")
    return self
  }
  @discardableResult func unicode0(_ s: String) -> PickleBuilder {
    w.u8(0x56)
    w.text("\(s)\n")
    return self
  }
  @discardableResult func global(_ module: String, _ name: String) -> PickleBuilder {
    w.u8(0x63)
    w.text("\(module)\n\(name)\n")
    return self
  }
  @discardableResult func inst(_ module: String, _ name: String) -> PickleBuilder {
    w.u8(0x69)
    w.text("\(module)\n\(name)\n")
    return self
  }
  @discardableResult func stackGlobal() -> PickleBuilder { op(0x93) }
  @discardableResult func reduce() -> PickleBuilder { op(0x52) }
  @discardableResult func build() -> PickleBuilder { op(0x62) }
  @discardableResult func tuple() -> PickleBuilder { op(0x74) }
  @discardableResult func tuple1() -> PickleBuilder { op(0x85) }
  @discardableResult func tuple2() -> PickleBuilder { op(0x86) }
  @discardableResult func emptyTuple() -> PickleBuilder { op(0x29) }
  @discardableResult func emptyDict() -> PickleBuilder { op(0x7D) }
  @discardableResult func setItems() -> PickleBuilder { op(0x75) }
  @discardableResult func binput(_ i: UInt8) -> PickleBuilder {
    w.u8(0x71)
    w.u8(i)
    return self
  }
  @discardableResult func longBinput(_ i: UInt32) -> PickleBuilder {
    w.u8(0x72)
    w.u32(i)
    return self
  }
  @discardableResult func put(_ i: Int) -> PickleBuilder {
    w.u8(0x70)
    w.text("\(i)\n")
    return self
  }
  @discardableResult func binget(_ i: UInt8) -> PickleBuilder {
    w.u8(0x68)
    w.u8(i)
    return self
  }
  @discardableResult func longBinget(_ i: UInt32) -> PickleBuilder {
    w.u8(0x6A)
    w.u32(i)
    return self
  }
  @discardableResult func get(_ i: Int) -> PickleBuilder {
    w.u8(0x67)
    w.text("\(i)\n")
    return self
  }
  @discardableResult func memoize() -> PickleBuilder { op(0x94) }
  @discardableResult func binint1(_ v: UInt8) -> PickleBuilder {
    w.u8(0x4B)
    w.u8(v)
    return self
  }
  @discardableResult func binPersid() -> PickleBuilder { op(0x51) }
  @discardableResult func newFalse() -> PickleBuilder { op(0x89) }
  @discardableResult func binBytes(_ b: [UInt8]) -> PickleBuilder {
    w.u8(0x42)
    w.u32(UInt32(b.count))
    w.raw(b)
    return self
  }

  /// `PROTO 4 | 'os' | 'system' | STACK_GLOBAL | 'echo pwned' | TUPLE1 | REDUCE | STOP` (the reference's
  /// 30-byte `malicious.pkl`).
  static func stackGlobalCall(_ module: String = "os", _ name: String = "system") -> [UInt8] {
    let p = PickleBuilder()
    p.proto(4).shortUnicode(module).shortUnicode(name).stackGlobal().shortUnicode("echo pwned").tuple1().reduce().stop()
    return p.bytes
  }

  /// Protocol 0 `GLOBAL` call: `c<module>\n<name>\n(S'echo pwned'\ntR.`
  static func globalCall(_ module: String, _ name: String, proto version: UInt8? = nil) -> [UInt8] {
    let p = PickleBuilder()
    if let version { p.proto(version) }
    p.global(module, name).mark().string0("echo pwned").tuple().reduce().stop()
    return p.bytes
  }

  /// A torch-style `data.pkl`: an OrderedDict of one tensor rebuilt by `_rebuild_tensor_v2`
  /// from a persistent storage reference.
  static func benignTorch() -> [UInt8] {
    let p = PickleBuilder()
    p.proto(2).global("collections", "OrderedDict").binput(0).emptyTuple().reduce().binput(1)
    p.mark()
    p.binUnicode("weight").binput(2)
    p.global("torch._utils", "_rebuild_tensor_v2").binput(3)
    p.mark()
    p.mark().binUnicode("storage").global("torch", "FloatStorage").binput(4).binUnicode("0").binUnicode("cpu")
      .binint1(4).tuple().binput(5).binPersid()
    p.binint1(0)
    p.binint1(2).binint1(2).tuple2()
    p.binint1(2).binint1(1).tuple2()
    p.newFalse()
    p.binget(0).emptyTuple().reduce()
    p.tuple().binput(6).reduce()
    p.binUnicode("step").binint1(7)
    p.setItems().stop()
    return p.bytes
  }
}

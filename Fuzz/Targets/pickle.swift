// libFuzzer target: PickleScanner (every opcode, memo, STACK_GLOBAL resolution, allowlist).
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = PickleScanner.scan(bytes: bytes, file: "fuzz")
  return 0
}

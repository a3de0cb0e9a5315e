// libFuzzer target: NpyScanner (.npy header, object-dtype pickle payloads).
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = try? NpyScanner.scan(bytes: bytes, file: "fuzz")
  return 0
}

// libFuzzer target: TorchZipScanner (ZIP/ZIP64 central directory, stored pickle and npy members).
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = try? TorchZipScanner.scan(bytes: bytes, file: "fuzz")
  return 0
}

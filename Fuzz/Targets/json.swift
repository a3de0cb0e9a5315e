// libFuzzer target: StrictJSON (safetensors headers, MLflow signature schemas, metrics.json).
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = try? StrictJSON.parse(bytes, file: "fuzz", codes: .artifact(.safetensors))
  return 0
}

// libFuzzer target: ModelCardReader (front matter extraction, YAML, model-index metrics) and metrics.json.
import ModelValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = ModelCardReader.read(bytes, file: "README.md")
  _ = MetricsFileReader.read(bytes, file: "metrics.json")
  return 0
}

// libFuzzer target: SafetensorsReader (header validation, layout checks) and facts.
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  if let header = try? SafetensorsReader.read(bytes: bytes, file: "fuzz") { _ = SafetensorsReader.facts(header, file: "fuzz") }
  return 0
}

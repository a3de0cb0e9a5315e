// libFuzzer target: ONNXReader (protobuf wire format, graph I/O, initializers, external data) and facts.
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  if let model = try? ONNXReader.read(bytes: bytes, file: "fuzz") { _ = ONNXReader.facts(model, file: "fuzz") }
  return 0
}

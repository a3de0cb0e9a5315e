// libFuzzer target: GGUFReader (metadata KVs, nested arrays, tensor infos, alignment) and facts.
import ModelArtifacts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  if let gguf = try? GGUFReader.read(bytes: bytes, file: "fuzz") { _ = GGUFReader.facts(gguf, file: "fuzz") }
  return 0
}

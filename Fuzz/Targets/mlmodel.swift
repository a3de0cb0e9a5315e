// libFuzzer target: MLmodelReader (YAML through SpecSyntax and libyaml, MLflow signature JSON schemas).
import ModelValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = MLmodelReader.read(bytes, file: "MLmodel")
  return 0
}

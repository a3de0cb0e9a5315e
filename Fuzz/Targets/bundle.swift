// libFuzzer target: Sigstore bundle and in-toto statement parsers, DSSE PAE (ModelSigning).
import ModelSigning

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  if let bundle = try? SigstoreBundle.parse(bytes) {
    _ = DSSE.pae(payloadType: bundle.payloadType, payload: bundle.payload)
    _ = try? ModelSigningStatement.parse(bundle.payload)
  }
  _ = try? ModelSigningStatement.parse(bytes)
  return 0
}

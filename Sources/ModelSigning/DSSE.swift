/// DSSE (Dead Simple Signing Envelope) v1 pre-authentication encoding: the exact bytes signed.
public enum DSSE {
  /// `"DSSEv1" SP len(type) SP type SP len(payload) SP payload`, lengths as ASCII decimal byte counts.
  public static func pae(payloadType: String, payload: [UInt8]) -> [UInt8] {
    let type = Array(payloadType.utf8)
    var out = Array("DSSEv1 \(type.count) ".utf8)
    out += type
    out += Array(" \(payload.count) ".utf8)
    out += payload
    return out
  }
}

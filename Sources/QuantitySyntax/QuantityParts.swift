/// A Kubernetes resource quantity's text, taken apart (`-1.5Gi` → negative, digits 15, one of them
/// after the point, times 2^30): the one grammar of quantities, which the compiler's `Quantity`
/// (exact milli-units) and CEL's `quantity()` (an exact decimal) both read through, so a check and
/// a policy never disagree about whether a value is a quantity.
///
/// The grammar (Kubernetes' `resource.ParseQuantity`): an optional sign; digits with at most one
/// decimal point, at least one digit; then nothing, a decimal SI suffix (`n u m k M G T P E`), a
/// binary one (`Ki` … `Ei`), or an exponent (`e3`, `E-2`, at most 100 either way). At most 64
/// characters.
public struct QuantityParts: Sendable, Equatable {
  public enum Scale: Sendable, Equatable {
    /// Times 10 to this power.
    case decimal(Int)
    /// Times 2 to this power.
    case binary(Int)
  }

  public var negative: Bool
  /// The decimal digits (0–9), the point left out.
  public var digits: [UInt8]
  /// How many of `digits` come after the point.
  public var fractionDigits: Int
  public var scale: Scale

  static let decimalSuffixes: [String: Int] = ["n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18]
  static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]

  /// `text` taken apart, or nil when it is not a quantity.
  public static func parse(_ text: String) -> QuantityParts? {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
    var i = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
      negative = bytes[0] == UInt8(ascii: "-")
      i = 1
    }
    var digits: [UInt8] = []
    var fractionDigits = 0
    var seenPoint = false
    while i < bytes.count {
      let c = bytes[i]
      if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
        digits.append(c - UInt8(ascii: "0"))
        if seenPoint { fractionDigits += 1 }
      } else if c == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else {
        break
      }
      i += 1
    }
    guard !digits.isEmpty else { return nil }
    let suffix = String(decoding: bytes[i...], as: UTF8.self)
    let scale: Scale
    if let power = binarySuffixes[suffix] {
      scale = .binary(power)
    } else if let exponent = decimalSuffixes[suffix] {
      scale = .decimal(exponent)
    } else if let first = suffix.first, first == "e" || first == "E" {
      let rest = suffix.dropFirst()
      guard !rest.isEmpty, let exponent = Int(rest), abs(exponent) <= 100 else { return nil }
      scale = .decimal(exponent)
    } else {
      return nil
    }
    return QuantityParts(negative: negative, digits: digits, fractionDigits: fractionDigits, scale: scale)
  }
}

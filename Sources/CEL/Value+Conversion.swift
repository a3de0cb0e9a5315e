import Foundation

extension CELValue {
  /// Converts Foundation/JSON-like Swift values: Foundation's parsed JSON (`NSNumber`, `NSNull`,
  /// arrays, dictionaries), Swift scalars, `Data`, `Date`, and nested `CELValue`s.
  public init(any value: Any) throws(CELError) {
    switch value {
    case let v as CELValue: self = v
    case is NSNull: self = .null
    case let number as NSNumber where !(value is String):
      self = CELValue.fromNumber(number, original: value)
    case let s as String: self = .string(s)
    case let s as Substring: self = .string(String(s))
    case let data as Data: self = .bytes([UInt8](data))
    case let bytes as [UInt8]: self = .bytes(bytes)
    case let date as Date:
      guard let t = CELTimestamp(date) else { throw CELError(.evaluation, "date out of range") }
      self = .timestamp(t)
    case let array as [Any]:
      var items: [CELValue] = []
      items.reserveCapacity(array.count)
      for element in array { items.append(try CELValue(any: element)) }
      self = .list(items)
    case let dictionary as [String: Any]:
      var entries: [(CELValue, CELValue)] = []
      entries.reserveCapacity(dictionary.count)
      for key in dictionary.keys.sorted() {
        entries.append((.string(key), try CELValue(any: dictionary[key] as Any)))
      }
      self = .map(CELMap(replacingDuplicates: entries))
    case let dictionary as [AnyHashable: Any]:
      var entries: [(CELValue, CELValue)] = []
      for (key, element) in dictionary {
        entries.append((try CELValue(any: key.base), try CELValue(any: element)))
      }
      do {
        self = .map(try CELMap(entries: entries))
      } catch {
        throw CELError(.evaluation, error.message)
      }
    case Optional<Any>.none: self = .null
    default:
      throw CELError(.evaluation, "cannot convert \(Swift.type(of: value)) to a CEL value")
    }
  }

  private static func fromNumber(_ number: NSNumber, original: Any) -> CELValue {
    switch original {
    case let b as Bool where Swift.type(of: original) == Bool.self: return .bool(b)
    case let i as Int where Swift.type(of: original) == Int.self: return .int(Int64(i))
    case let d as Double where Swift.type(of: original) == Double.self: return .double(d)
    case let i as Int64 where Swift.type(of: original) == Int64.self: return .int(i)
    case let u as UInt64 where Swift.type(of: original) == UInt64.self: return .uint(u)
    default: break
    }
    switch String(cString: number.objCType) {
    case "c", "B": return .bool(number.boolValue)
    case "d", "f": return .double(number.doubleValue)
    case "Q", "L", "I", "S", "C":
      let u = number.uint64Value
      return u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
    default: return .int(number.int64Value)
    }
  }

  /// A Foundation rendering: `NSNull`, `Bool`, `Int64`, `UInt64`, `Double`, `String`, `Data`,
  /// arrays, and dictionaries (string keys when all keys are strings).
  public var foundationValue: Any {
    switch self {
    case .null: return NSNull()
    case .bool(let b): return b
    case .int(let i): return i
    case .uint(let u): return u
    case .double(let d): return d
    case .string(let s): return s
    case .bytes(let b): return Data(b)
    case .list(let items): return items.map(\.foundationValue)
    case .map(let map):
      var out: [String: Any] = [:]
      for (key, value) in zip(map.keys, map.values) {
        out[Format.display(key) ?? "\(key)"] = value.foundationValue
      }
      return out
    case .timestamp(let t): return t.description
    case .duration(let d): return d.description
    case .type(let t): return t.name
    case .optional(let inner): return inner?.foundationValue ?? NSNull()
    case .quantity(let q): return q.text
    case .ip(let ip): return ip.description
    case .cidr(let cidr): return cidr.description
    case .object(let object): return object.description
    case .error(let e): return e.message
    }
  }
}

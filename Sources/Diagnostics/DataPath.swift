/// Where in a document's data a value sits, e.g. `spec.tenants[2].quota.gpus.h100`.
public struct DataPath: Sendable, Hashable, CustomStringConvertible {
  /// One step of a path.
  public enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  public private(set) var components: [Component]

  public init(_ components: [Component] = []) { self.components = components }

  /// The empty path (the document root).
  public static let root = DataPath()

  /// This path extended by a mapping key.
  public func appending(_ key: String) -> DataPath {
    var copy = self
    copy.components.append(.key(key))
    return copy
  }

  /// This path extended by a sequence index.
  public func appending(index: Int) -> DataPath {
    var copy = self
    copy.components.append(.index(index))
    return copy
  }

  /// Dotted form; keys that are not plain identifiers are quoted: `nodeLabels["nvidia.com/gpu.product"]`.
  public var description: String {
    var out = ""
    for component in components {
      switch component {
      case .index(let i):
        out += "[\(i)]"
      case .key(let k):
        if DataPath.isPlain(k) {
          if !out.isEmpty { out += "." }
          out += k
        } else {
          out += "[\""
          for c in k.unicodeScalars {
            if c == "\"" || c == "\\" { out += "\\" }
            out.unicodeScalars.append(c)
          }
          out += "\"]"
        }
      }
    }
    return out.isEmpty ? "<root>" : out
  }

  private static func isPlain(_ key: String) -> Bool {
    guard let first = key.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII)
    else { return false }
    return key.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
    }
  }
}

/// Where in a document's data a value sits, e.g. `spec.tenants[2].quota.gpus.h100`.
public struct DataPath: Sendable, Hashable, CustomStringConvertible {
  /// One step of a path.
  public enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  /// The last step and the path before it, shared by every path that extends it: decoding a spec
  /// makes a path for each of its hundreds of thousands of values, and an array per path (copied
  /// on every step) cost more than the rest of decoding.
  private final class Step: Sendable {
    let parent: Step?
    let component: Component
    let depth: Int

    init(parent: Step?, component: Component) {
      self.parent = parent
      self.component = component
      depth = (parent?.depth ?? 0) + 1
    }
  }

  private let last: Step?

  private init(last: Step?) { self.last = last }

  public init(_ components: [Component] = []) {
    var step: Step? = nil
    for component in components { step = Step(parent: step, component: component) }
    last = step
  }

  /// The steps from the root.
  public var components: [Component] {
    var out: [Component] = []
    out.reserveCapacity(last?.depth ?? 0)
    var step = last
    while let s = step {
      out.append(s.component)
      step = s.parent
    }
    return out.reversed()
  }

  public static func == (l: DataPath, r: DataPath) -> Bool {
    var a = l.last
    var b = r.last
    while true {
      if a === b { return true }
      guard let x = a, let y = b, x.depth == y.depth, x.component == y.component else { return false }
      a = x.parent
      b = y.parent
    }
  }

  public func hash(into hasher: inout Hasher) {
    var step = last
    while let s = step {
      hasher.combine(s.component)
      step = s.parent
    }
  }

  /// The empty path (the document root).
  public static let root = DataPath()

  /// This path extended by a mapping key.
  public func appending(_ key: String) -> DataPath { DataPath(last: Step(parent: last, component: .key(key))) }

  /// This path extended by a sequence index.
  public func appending(index: Int) -> DataPath { DataPath(last: Step(parent: last, component: .index(index))) }

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

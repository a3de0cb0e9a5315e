import Diagnostics
import SpecAST

/// The scalar fields of a decoded spec node, found by reflection: every `Located` scalar (string,
/// number, boolean) under it, keyed by its data path relative to the node. Positions, data paths and
/// decoding flags are not fields.
enum SpecLeaves {
  struct Leaf {
    /// The value as text (what is compared).
    var text: String
    var location: SourceLocation
    /// The full data path, e.g. `spec.tenants[2].quota.cpu`.
    var path: String
  }

  /// The node's leaves by relative path. A node whose value is `[(String, Any)]` is several parts,
  /// each keyed with its label in front.
  static func collect(_ node: SpecProvenance.Node) -> [String: Leaf] {
    var out: [String: Leaf] = [:]
    if let parts = node.value as? [(String, Any)] {
      for (label, part) in parts { walk(part, label: label, root: node.path, into: &out) }
    } else {
      walk(node.value, label: "", root: node.path, into: &out)
    }
    return out
  }

  private static func walk(_ value: Any, label: String, root: String, into out: inout [String: Leaf]) {
    if let located = value as? any LocatedScalar {
      let path = located.path.description
      let relative = path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
      out[label + relative] = Leaf(text: located.text, location: located.range.start, path: path)
      return
    }
    if value is SourceRange || value is DataPath { return }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .struct?, .optional?, .collection?, .enum?, .tuple?, .class?:
      for child in mirror.children { walk(child.value, label: label, root: root, into: &out) }
    default:
      return  // a bare scalar: a flag such as `complete`, not a field of the spec
    }
  }
}

/// A `Located` value whose text can be compared.
protocol LocatedScalar {
  var text: String { get }
  var range: SourceRange { get }
  var path: DataPath { get }
}

extension Located: LocatedScalar where Value: CustomStringConvertible {
  var text: String { value.description }
}

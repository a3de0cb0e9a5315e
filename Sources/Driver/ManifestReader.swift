import Artifacts
import SpecSyntax

/// Reads a deployed manifest file back into an artifact (its bytes as they are, plus the object
/// and identity when the file is one YAML document), so deployed trees can be planned against.
enum ManifestReader {
  static func artifact(path: String, bytes: [UInt8]) -> Artifact {
    guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return Artifact(path: path, contents: bytes) }
    let (document, diagnostics) = YAMLLoader.load(bytes, file: path)
    guard let root = document?.root, diagnostics.isEmpty, case .mapping = root.kind else { return Artifact(path: path, contents: bytes) }
    let object = value(root)
    let meta = object["metadata"]?.map
    var identity: ObjectIdentity?
    if let apiVersion = object["apiVersion"]?.string, let kind = object["kind"]?.string, let name = meta?["name"]?.string {
      identity = ObjectIdentity(apiVersion: apiVersion, kind: kind, namespace: meta?["namespace"]?.string, name: name)
    }
    return Artifact(path: path, contents: bytes, object: object, identity: identity)
  }

  /// A located node as a value tree, scalars typed by `Scalar.typed` (floats kept as their text).
  static func value(_ node: LocatedNode) -> KValue {
    switch node.kind {
    case .mapping(let entries):
      return .map(KMap(entries.map { (key: $0.key, value: value($0.value)) }))
    case .sequence(let items):
      return .list(items.map(value))
    case .scalar(let scalar):
      switch scalar.typed {
      case .null: return .null
      case .bool(let b): return .bool(b)
      case .int(let i): return Int(exactly: i).map(KValue.int) ?? .string(scalar.text)
      case .float, .string: return .string(scalar.text)  // value trees hold no floats: the text, as emitted
      }
    }
  }
}

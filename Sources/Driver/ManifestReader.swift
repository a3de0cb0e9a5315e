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

  /// A located node as a value tree: plain scalars typed as YAML 1.2 core (null, bool, int), the rest strings.
  static func value(_ node: LocatedNode) -> KValue {
    switch node.kind {
    case .mapping(let entries):
      return .map(KMap(entries.map { (key: $0.key, value: value($0.value)) }))
    case .sequence(let items):
      return .list(items.map(value))
    case .scalar(let scalar):
      guard scalar.isPlain else { return .string(scalar.text) }
      switch PlainScalarKind.classify(scalar.text) {
      case .null: return .null
      case .bool: return .bool(scalar.text == "true")
      case .integer: return Int(scalar.text).map(KValue.int) ?? .string(scalar.text)
      case .float, .string: return .string(scalar.text)
      }
    }
  }
}

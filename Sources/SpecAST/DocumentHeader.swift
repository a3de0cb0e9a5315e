import Diagnostics
import SpecSyntax

/// The API version every Paved document declares.
public let pavedAPIVersion = "paved.dev/v1alpha1"

extension SpecDecoder {
  /// Checks `apiVersion`, `kind` and `metadata` of a document; returns its top-level reader and name.
  func header(
    _ root: LocatedNode, kind expectedKind: String, file: String
  ) -> (reader: MappingReader, name: Located<String>?)? {
    guard
      let top = mapping(
        root, path: .root, rule: .platform(""), what: "a \(expectedKind) document")
    else { return nil }
    if let api = top.decode("apiVersion", string), api.value != pavedAPIVersion {
      report(
        .error(
          .wrongDocument, "unsupported apiVersion '\(api.value)'", at: api.range, path: api.path,
          notes: [DiagnosticNote("expected '\(pavedAPIVersion)'")]))
    }
    if let kind = top.decode("kind", string), kind.value != expectedKind {
      report(.error(.wrongDocument, "expected kind '\(expectedKind)' in \(file), found '\(kind.value)'", at: kind.range, path: kind.path))
    }
    var name: Located<String>?
    if let meta = top["metadata"],
      let metadata = mapping(meta, path: top.path("metadata"), rule: .platform("metadata"), what: "metadata")
    {
      name = metadata.decode("name", nonEmptyString)
      _ = metadata.decode("description", string)
    }
    return (top, name)
  }
}

import Diagnostics
import SpecSyntax

extension SpecDecoder {
  /// Decodes a located `environments/<name>.yaml` tree.
  public func decodeEnvironment(_ root: LocatedNode, file: String) -> EnvironmentDocument? {
    guard let (top, name) = header(root, kind: "Environment", file: file), let specNode = top["spec"] else { return nil }
    var document = EnvironmentDocument(file: file, name: name, range: root.range)
    guard
      let spec = mapping(
        specNode, path: top.path("spec"), rule: .environment("spec"), what: "spec")
    else { return document }
    document.cluster = spec.decode("cluster") { node, p in
      guard let c = mapping(node, path: p, rule: .environment("spec.cluster"), what: "cluster") else {
        return nil
      }
      return ClusterSpec(
        name: c.decode("name", nonEmptyString), server: c.decode("server", nonEmptyString),
        kubeConfigSecret: c.decode("kubeConfigSecret", nonEmptyString),
        range: node.range)
    }
    document.models = spec.decode("models") { keyed($0, path: $1, value: modelPin) } ?? []
    document.approvers = spec.decode("approvers") { list($0, path: $1, item: nonEmptyString) }
    document.promotion = spec.decode("promotion") { node, p in
      guard let m = mapping(node, path: p, rule: .environment("spec.promotion"), what: "promotion") else { return nil }
      return PromotionSpec(
        from: m.decode("from", nonEmptyString), soak: m.decode("soak", nonEmptyString),
        requires: m.decode("requires") { list($0, path: $1) { oneOf($0, path: $1, allowed: Self.promotionEvidence) } },
        canaryTraffic: m.decode("canary") { node, p in
          guard let c = mapping(node, path: p, rule: .environment("spec.promotion.canary"), what: "promotion.canary") else { return nil }
          return c.decode("traffic", integer)
        } ?? nil, range: node.range, path: p)
    }
    return document
  }

  /// The evidence a promotion policy may require.
  public static let promotionEvidence = ["contract", "signature", "compatible", "check"]

  func modelPin(_ node: LocatedNode, _ path: DataPath) -> ModelPinSpec? {
    guard
      let m = mapping(
        node, path: path, rule: .environment("spec.models{}"), what: "a model pin")
    else { return nil }
    return ModelPinSpec(
      version: m.decode("version", nonEmptyString), artifact: m.decode("artifact", nonEmptyString),
      digest: m.decode("digest", nonEmptyString), canary: m.decode("canary", canary), range: node.range, path: path)
  }

  func canary(_ node: LocatedNode, _ path: DataPath) -> CanarySpec? {
    guard
      let m = mapping(
        node, path: path, rule: .environment("spec.models{}.canary"),
        what: "a canary")
    else { return nil }
    return CanarySpec(
      version: m.decode("version", nonEmptyString), artifact: m.decode("artifact", nonEmptyString),
      digest: m.decode("digest", nonEmptyString), traffic: m.decode("traffic", integer), range: node.range, path: path)
  }
}

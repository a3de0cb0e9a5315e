import Artifacts

/// `kustomization.yaml` of an environment directory: lists every manifest, sorted.
enum Kustomization {
  static func artifact(for env: String, resources: [String]) -> Artifact {
    let prefix = env + "/"
    let relative = resources.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }.sorted()
    let object: KValue = .object([
      "apiVersion": .string("kustomize.config.k8s.io/v1beta1"),
      "kind": .string("Kustomization"),
      "resources": .list(relative.map { .string($0) }),
    ])
    return Artifact(path: "\(env)/kustomization.yaml", contents: YAMLWriter.render(object), object: object)
  }
}

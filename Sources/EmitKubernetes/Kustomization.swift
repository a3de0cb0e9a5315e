import Artifacts

/// `kustomization.yaml` of an environment directory: lists every manifest, sorted.
enum Kustomization {
  static func artifact(for env: String, resources: [String]) -> Artifact {
    let prefix = env + "/"
    let relative = resources.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }.sorted()
    var b = YAMLBuilder(capacity: 128 + relative.reduce(0) { $0 + $1.utf8.count + 5 })
    b.beginMap()
    b.field("apiVersion", "kustomize.config.k8s.io/v1beta1")
    b.field("kind", "Kustomization")
    b.strings("resources", relative)
    b.end()
    return Artifact(path: "\(env)/kustomization.yaml", written: b.finished(), identity: nil, origin: nil)
  }
}

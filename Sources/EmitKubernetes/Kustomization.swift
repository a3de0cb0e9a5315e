import Artifacts

/// `kustomization.yaml` of an environment directory: lists every manifest, sorted.
enum Kustomization {
  static func artifact(for env: String, resources: [String]) -> Artifact {
    let prefix = env + "/"
    var relative = resources.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    // Callers usually pass paths in order already; confirming that is cheaper than sorting 100,000 of them.
    if !relative.indices.dropFirst().allSatisfy({ relative[$0 - 1] <= relative[$0] }) { relative.sort() }
    var b = YAMLBuilder(capacity: 128 + relative.reduce(0) { $0 + $1.utf8.count + 5 })
    b.beginMap()
    b.field("apiVersion", "kustomize.config.k8s.io/v1beta1")
    b.field("kind", "Kustomization")
    b.strings("resources", relative)
    b.end()
    return Artifact(path: "\(env)/kustomization.yaml", written: b.finished(), identity: nil, origin: nil)
  }
}

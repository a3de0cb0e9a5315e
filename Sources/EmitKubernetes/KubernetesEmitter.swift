import Artifacts
import Diagnostics
import PlatformModel

/// PlatformModel → Kubernetes manifests, one file per object, per environment. Pure: no I/O.
///
/// Layout under the output root (`spec.gitops.path`):
/// ```
/// <env>/kustomization.yaml
/// <env>/cluster/<kind>-<name>.yaml          PriorityClass, WorkloadPriorityClass, ResourceFlavor, ClusterQueue
/// <env>/tenants/<tenant>/<kind>-<name>.yaml Namespace, ResourceQuota, LimitRange, RoleBinding, NetworkPolicy, LocalQueue
/// ```
public enum KubernetesEmitter {
  /// All artifacts of the selected environments (all when `environments` is nil).
  public static func emit(_ platform: Platform, environments: Set<String>? = nil) -> [Artifact] {
    var out: [Artifact] = []
    for env in platform.environments where environments?.contains(env.name) ?? true {
      out += emit(platform, env)
    }
    return out
  }

  /// The artifacts of one environment, including its kustomization.
  public static func emit(_ platform: Platform, _ env: Environment) -> [Artifact] {
    let context = EmitContext(platform: platform, environment: env)
    var files = ClusterObjects.emit(context)
    for tenant in platform.tenants { files += TenantObjects.emit(tenant, context) }
    files.append(Kustomization.artifact(for: env.name, resources: files.map(\.path)))
    return files
  }
}

/// What every emitter of one environment needs.
struct EmitContext {
  let platform: Platform
  let environment: Environment

  var env: String { environment.name }

  /// `<tenant>-<env>`: the tenant's namespace in this environment.
  func namespace(of tenant: String) -> String { "\(tenant)-\(env)" }

  /// `<tenant>-<env>`: the tenant's ClusterQueue in this environment.
  func clusterQueue(of tenant: String) -> String { "\(tenant)-\(env)" }

  /// Labels every emitted object carries.
  func commonLabels(tenant: String? = nil) -> [String: String] {
    var labels = [
      "app.kubernetes.io/managed-by": "paved",
      "paved.dev/platform": platform.name,
      "paved.dev/environment": env,
    ]
    if let tenant { labels["paved.dev/tenant"] = tenant }
    return labels
  }

  /// `metadata` with name, optional namespace and labels.
  func metadata(name: String, namespace: String? = nil, labels: [String: String], annotations: [String: String] = [:]) -> KValue {
    var m = KMap()
    m.append("name", .string(name))
    if let namespace { m.append("namespace", .string(namespace)) }
    m.append("labels", .sortedStrings(labels))
    if !annotations.isEmpty { m.append("annotations", .sortedStrings(annotations)) }
    return .map(m)
  }

  /// A manifest artifact at `<env>/<relative>`.
  func manifest(_ relative: String, _ object: KValue, origin: SourceRange?) -> Artifact {
    .manifest(path: "\(env)/\(relative)", object: object, origin: origin)
  }
}

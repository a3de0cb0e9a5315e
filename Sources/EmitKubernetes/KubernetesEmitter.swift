import Artifacts
import Diagnostics
import PlatformModel

/// PlatformModel → Kubernetes manifests, one file per object, per environment. Pure: no I/O.
///
/// Layout under the output root (`spec.gitops.path`):
/// ```
/// <env>/kustomization.yaml
/// <env>/cluster/<kind>-<name>.yaml          PriorityClass, ResourceFlavor, ClusterQueue, ClusterStorageContainer
/// <env>/tenants/<tenant>/<kind>-<name>.yaml Namespace, ResourceQuota, LimitRange, RoleBinding, NetworkPolicy, LocalQueue
/// ```
public enum KubernetesEmitter {
  /// One environment's emitting context, built once and shared by every work item of the environment.
  public struct Context: Sendable {
    let shared: EmitContext.Shared

    public init(_ platform: Platform, _ env: Environment) {
      shared = EmitContext.Shared(platform: platform, environment: env)
    }
  }

  /// Cluster-scoped objects of one environment, in path order: priorities, flavors, and each
  /// tenant's ClusterQueue and Namespace (files of that tenant).
  public static func clusterObjects<Sink: ArtifactSink>(_ context: Context, into sink: inout Sink) {
    ClusterObjects.emit(EmitContext(context.shared), into: &sink)
  }

  /// One tenant's namespace-scoped objects in one environment, in path order. Callers emit tenants
  /// in parallel by giving each work item its own tenants.
  public static func tenantObjects<Sink: ArtifactSink>(_ context: Context, tenant: Tenant, into sink: inout Sink) {
    TenantObjects.emit(tenant, EmitContext(context.shared), into: &sink)
  }

  /// How many parts the GitOps wiring is emitted in (see `gitops(_:part:into:)`).
  public static func gitopsParts(_ platform: Platform) -> Int { GitOpsObjects.parts(platform) }

  /// One part of the GitOps wiring (Argo CD projects and applications, or Flux Kustomizations, under
  /// `gitops/`), without its listing: the top of `gitops/`, or one environment's directory, so the
  /// parts can be emitted apart. Each part's files are listed by `gitopsListing`.
  public static func gitops<Sink: ArtifactSink>(_ platform: Platform, part: Int, into sink: inout Sink) {
    GitOpsObjects.emit(platform, part: part, into: &sink)
  }

  /// The `kustomization.yaml` of a GitOps part, listing `paths` (the part's files), or nil when the
  /// part has none (Flux keeps nothing at the top of `gitops/`).
  public static func gitopsListing(_ platform: Platform, part: Int, paths: [String]) -> Artifact? {
    GitOpsObjects.listing(platform, part: part, paths: paths)
  }

  /// The output directory the GitOps wiring is written to.
  public static let gitopsScope = GitOpsObjects.scope

  /// The environment's `kustomization.yaml`, listing the manifests at `paths`.
  public static func kustomization(env: String, paths: [String]) -> Artifact {
    Kustomization.artifact(for: env, resources: paths)
  }
}

/// Label or annotation pairs; keys are unique per object.
typealias Labels = [(String, String)]

/// What every emitter of one environment needs. Copying it is one retain (per-tenant copies are
/// made for every tenant of a plan).
struct EmitContext {
  /// The environment's settings, shared by every copy.
  final class Shared: Sendable {
    let platform: Platform
    let environment: Environment
    /// The environment's pinned models, by tenant name (each list sorted by model name).
    let pinsByTenant: [String: [(pin: ModelPin, model: Model)]]
    /// The NetworkPolicy specs that depend on the platform (the same for every tenant), built once.
    let networkSpecs: NetworkPolicies.Specs

    init(platform: Platform, environment: Environment) {
      self.platform = platform
      self.environment = environment
      networkSpecs = NetworkPolicies.Specs(platform)
      var pins: [String: [(pin: ModelPin, model: Model)]] = [:]
      for pin in environment.pins {
        guard let model = platform.model(named: pin.model) else { continue }
        pins[model.tenant, default: []].append((pin, model))
      }
      pinsByTenant = pins
    }
  }

  let shared: Shared

  init(_ shared: Shared) { self.shared = shared }

  var platform: Platform { shared.platform }
  var environment: Environment { shared.environment }
  var pinsByTenant: [String: [(pin: ModelPin, model: Model)]] { shared.pinsByTenant }
  var networkSpecs: NetworkPolicies.Specs { shared.networkSpecs }

  var env: String { environment.name }

  /// Hands `sink` the file of `tenant` at `<env>/<relative>`; `render` is given that path.
  func file<Sink: ArtifactSink>(
    _ sink: inout Sink, of tenant: String?, _ relative: @autoclosure () -> String, _ render: (String) -> Artifact
  ) {
    sink.file(of: tenant, "\(env)/\(relative())", render)
  }

  /// Argo CD sync-wave annotation (only when Argo CD applies the tree).
  func wave(_ n: Int) -> Labels {
    platform.gitops.engine == .argocd ? [("argocd.argoproj.io/sync-wave", String(n))] : []
  }

  /// Owners as one label-safe value, e.g. `group.ml-search`.
  func ownerLabel(_ tenant: Tenant) -> String {
    guard let first = tenant.owners.first else { return "none" }
    let raw = "\(first.kind == .group ? "group" : "user").\(first.name)"
    let safe = String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") ? $0 : "_" }.prefix(63))
    return safe
  }

  /// `<tenant>-<env>`: the tenant's namespace in this environment.
  func namespace(of tenant: String) -> String { "\(tenant)-\(env)" }

  /// `<tenant>-<env>`: the tenant's ClusterQueue in this environment.
  func clusterQueue(of tenant: String) -> String { "\(tenant)-\(env)" }

  /// Labels every emitted object carries, sorted by key.
  func commonLabels(tenant: String? = nil) -> Labels {
    var labels: Labels = [
      ("app.kubernetes.io/managed-by", "paved"),
      ("paved.dev/environment", env),
      ("paved.dev/platform", platform.name),
    ]
    if let tenant { labels.append(("paved.dev/tenant", tenant)) }
    return labels
  }

  /// A manifest artifact at `path` (the one `file` gave): `apiVersion`, `kind` and `metadata`
  /// (labels and annotations sorted here, so callers may append freely), then what `body` writes.
  func manifest(
    _ path: String, _ apiVersion: String, _ kind: String, name: String, namespace: String? = nil,
    labels: Labels, annotations: Labels = [], origin: SourceRange?, _ body: (inout YAMLBuilder) -> Void
  ) -> Artifact {
    .manifest(
      path: path, apiVersion: apiVersion, kind: kind, name: name, namespace: namespace,
      labels: labels, annotations: annotations, origin: origin, body)
  }
}

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
    var files = clusterObjects(platform, env)
    files += tenantObjects(platform, env, tenants: platform.tenants[...])
    files.append(kustomization(env: env.name, listing: files))
    return files
  }

  /// One environment's emitting context, built once and shared by every work item of the environment.
  public struct Context: Sendable {
    let shared: EmitContext.Shared

    /// - Parameters:
    ///   - elided: tenants whose objects are produced as paths only (`Artifact.elided`).
    ///   - counting: produce them as placeholders without paths instead (`Artifact.counted`).
    public init(_ platform: Platform, _ env: Environment, elided: Set<String> = [], counting: Bool = false) {
      shared = EmitContext.Shared(platform: platform, environment: env, elided: elided, counting: counting)
    }
  }

  /// Cluster-scoped objects of one environment (see `clusterObjects(_:_:)`).
  public static func clusterObjects(_ context: Context) -> [Artifact] { ClusterObjects.emit(EmitContext(context.shared)) }

  /// Namespace-scoped objects of some tenants in one environment (see `tenantObjects(_:_:tenants:)`).
  public static func tenantObjects(_ context: Context, tenants: ArraySlice<Tenant>) -> [Artifact] {
    let c = EmitContext(context.shared)
    var out: [Artifact] = []
    out.reserveCapacity(tenants.count * 8)
    for tenant in tenants { out += TenantObjects.emit(tenant, c.forTenant(tenant.name)) }
    return out
  }

  /// Cluster-scoped objects of one environment (priorities, flavors, one ClusterQueue per tenant).
  public static func clusterObjects(_ platform: Platform, _ env: Environment) -> [Artifact] {
    clusterObjects(Context(platform, env))
  }

  /// Namespace-scoped objects of some tenants in one environment; slices let callers emit in parallel.
  public static func tenantObjects(_ platform: Platform, _ env: Environment, tenants: ArraySlice<Tenant>) -> [Artifact] {
    tenantObjects(Context(platform, env), tenants: tenants)
  }

  /// How many parts the GitOps wiring is emitted in (see `gitops(_:part:elided:counting:)`).
  public static func gitopsParts(_ platform: Platform) -> Int { GitOpsObjects.parts(platform) }

  /// One part of the GitOps wiring (Argo CD projects and applications, or Flux Kustomizations, under
  /// `gitops/`): the top of `gitops/`, or one environment's directory, so the parts can be emitted apart.
  public static func gitops(_ platform: Platform, part: Int, elided: Set<String> = [], counting: Bool = false) -> [Artifact] {
    GitOpsObjects.emit(platform, part: part, elided: elided, counting: counting)
  }

  /// The output directory the GitOps wiring is written to.
  public static let gitopsScope = GitOpsObjects.scope

  /// The environment's `kustomization.yaml`, listing every manifest in `listing`.
  public static func kustomization(env: String, listing: [Artifact]) -> Artifact {
    Kustomization.artifact(for: env, resources: listing.map(\.path))
  }

  /// The environment's `kustomization.yaml`, listing the manifests at `paths` (callers that already
  /// hold the paths need not gather artifacts into one array).
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
    /// Tenants whose files are produced as paths only (`Artifact.elided`).
    let elided: Set<String>
    /// The elided tenants' files are only counted: placeholders without paths (`Artifact.counted`).
    let counting: Bool

    init(platform: Platform, environment: Environment, elided: Set<String>, counting: Bool) {
      self.platform = platform
      self.environment = environment
      self.elided = elided
      self.counting = counting
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
  /// This context produces paths only (it is one of the `elided` tenants').
  private(set) var pathsOnly = false

  init(_ shared: Shared) { self.shared = shared }

  var platform: Platform { shared.platform }
  var environment: Environment { shared.environment }
  var pinsByTenant: [String: [(pin: ModelPin, model: Model)]] { shared.pinsByTenant }
  var networkSpecs: NetworkPolicies.Specs { shared.networkSpecs }
  var elided: Set<String> { shared.elided }

  /// The file at `<env>/<relative>` as a path only (see `Artifact.elided`), or when counting, as
  /// a placeholder without a path (`relative` is then never built).
  func elidedFile(_ relative: @autoclosure () -> String) -> Artifact {
    shared.counting ? .counted : .elided(path: "\(env)/\(relative())")
  }

  var env: String { environment.name }

  /// The context for `tenant`'s objects: paths only when the tenant is elided.
  func forTenant(_ tenant: String) -> EmitContext {
    guard !elided.isEmpty, elided.contains(tenant) else { return self }
    var copy = self
    copy.pathsOnly = true
    return copy
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

  /// A manifest artifact at `<env>/<relative>`: `apiVersion`, `kind` and `metadata` (labels and
  /// annotations sorted here, so callers may append freely), then what `body` writes.
  func manifest(
    _ relative: @autoclosure () -> String, _ apiVersion: String, _ kind: String, name: String, namespace: String? = nil,
    labels: Labels, annotations: Labels = [], origin: SourceRange?, _ body: (inout YAMLBuilder) -> Void
  ) -> Artifact {
    if pathsOnly { return elidedFile(relative()) }
    return .manifest(
      path: "\(env)/\(relative())", apiVersion: apiVersion, kind: kind, name: name, namespace: namespace,
      labels: labels, annotations: annotations, origin: origin, body)
  }
}

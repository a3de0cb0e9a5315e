import Artifacts
import PlatformModel

/// How the rendered tree reaches the clusters, under `gitops/`:
/// - Argo CD: an AppProject per tenant (its namespaces as the only destinations, no cluster-scoped kinds),
///   one for the platform, an Application per environment for the cluster-scoped objects and one per
///   tenant × environment, all with automated sync, prune, server-side apply and sync waves.
/// - Flux: per environment a GitRepository and `kustomize.toolkit.fluxcd.io/v1` Kustomizations, tenants
///   depending on the cluster-scoped one.
enum GitOpsObjects {
  static let scope = "gitops"

  static func emit(_ platform: Platform) -> [Artifact] {
    switch platform.gitops.engine {
    case .argocd: return argo(platform)
    case .flux: return flux(platform)
    }
  }

  static func labels(_ platform: Platform) -> KValue {
    .object(["app.kubernetes.io/managed-by": .string("paved"), "paved.dev/platform": .string(platform.name)])
  }

  static func metadata(_ name: String, _ platform: Platform, wave: Int? = nil, finalizer: Bool = false) -> KValue {
    var m = KMap()
    m.append("name", .string(name))
    m.append("namespace", .string(platform.gitops.namespace))
    m.append("labels", labels(platform))
    if let wave { m.append("annotations", .object(["argocd.argoproj.io/sync-wave": .string(String(wave))])) }
    if finalizer { m.append("finalizers", .list([.string("resources-finalizer.argocd.argoproj.io")])) }
    return .map(m)
  }

  /// Repository path of an environment subdirectory (platform.yaml sits at the repository root).
  static func repoPath(_ platform: Platform, _ parts: String...) -> String {
    ([platform.gitops.path] + parts).joined(separator: "/")
  }

  static func artifact(_ path: String, _ object: KValue) -> Artifact {
    .manifest(path: "\(scope)/\(path)", object: object, origin: nil)
  }

  // MARK: Argo CD

  static func argo(_ p: Platform) -> [Artifact] {
    let platformProject = "\(p.name)-platform"
    var applications: [(String, KValue)] = []
    for env in p.environments {
      applications.append(("application-\(p.name)-\(env.name)-cluster.yaml", application(
        "\(p.name)-\(env.name)-cluster", project: platformProject, path: repoPath(p, env.name, "cluster"),
        server: env.server, namespace: nil, wave: -1, p)))
      for tenant in p.tenants {
        applications.append(("application-\(p.name)-\(env.name)-\(tenant.name).yaml", application(
          "\(p.name)-\(env.name)-\(tenant.name)", project: "\(p.name)-\(tenant.name)",
          path: repoPath(p, env.name, "tenants", tenant.name), server: env.server, namespace: "\(tenant.name)-\(env.name)", wave: 0, p)))
      }
    }
    var projects: [(String, KValue)] = [("appproject-\(platformProject).yaml", project(
      platformProject, description: "Cluster-scoped objects of \(p.name): namespaces, priorities, Kueue flavors and queues.",
      destinations: p.environments.map { ($0.server, "*") }, clusterScoped: true, p))]
    for tenant in p.tenants {
      projects.append(("appproject-\(p.name)-\(tenant.name).yaml", project(
        "\(p.name)-\(tenant.name)", description: "Tenant \(tenant.name): its namespaces only, no cluster-scoped kinds.",
        destinations: p.environments.map { ($0.server, "\(tenant.name)-\($0.name)") }, clusterScoped: false, p)))
    }
    let files = (applications + projects).sorted { $0.0 < $1.0 }
    var out = files.map { artifact($0.0, $0.1) }
    out.append(Kustomization.artifact(for: scope, resources: out.map(\.path)))
    return out
  }

  static func application(_ name: String, project: String, path: String, server: String, namespace: String?, wave: Int, _ p: Platform) -> KValue {
    var destination = KMap()
    destination.append("server", .string(server))
    if let namespace { destination.append("namespace", .string(namespace)) }
    return .object([
      "apiVersion": .string("argoproj.io/v1alpha1"),
      "kind": .string("Application"),
      "metadata": metadata(name, p, wave: wave, finalizer: true),
      "spec": .object([
        "project": .string(project),
        "source": .object(["repoURL": .string(p.gitops.repoURL), "targetRevision": .string(p.gitops.targetRevision), "path": .string(path)]),
        "destination": .map(destination),
        "syncPolicy": .object([
          "automated": .object(["prune": .bool(true), "selfHeal": .bool(true)]),
          "syncOptions": .list([.string("ServerSideApply=true"), .string("CreateNamespace=false")]),
          "retry": .object(["limit": .int(5), "backoff": .object(["duration": .string("10s"), "factor": .int(2), "maxDuration": .string("5m")])]),
        ]),
      ]),
    ])
  }

  static func project(_ name: String, description: String, destinations: [(String, String)], clusterScoped: Bool, _ p: Platform) -> KValue {
    .object([
      "apiVersion": .string("argoproj.io/v1alpha1"),
      "kind": .string("AppProject"),
      "metadata": metadata(name, p),
      "spec": .object([
        "description": .string(description),
        "sourceRepos": .list([.string(p.gitops.repoURL)]),
        "destinations": .list(destinations.map { .object(["server": .string($0.0), "namespace": .string($0.1)]) }),
        "clusterResourceWhitelist": .list(clusterScoped ? [.object(["group": .string("*"), "kind": .string("*")])] : []),
      ]),
    ])
  }

  // MARK: Flux

  static func flux(_ p: Platform) -> [Artifact] {
    var out: [Artifact] = []
    for env in p.environments {
      let start = out.count
      out.append(artifact("\(env.name)/gitrepository-\(p.name).yaml", .object([
        "apiVersion": .string("source.toolkit.fluxcd.io/v1"),
        "kind": .string("GitRepository"),
        "metadata": metadata(p.name, p),
        "spec": .object(["interval": .string("1m"), "url": .string(p.gitops.repoURL), "ref": .object(["branch": .string(p.gitops.targetRevision)])]),
      ])))
      let cluster = "\(env.name)-cluster"
      out.append(artifact("\(env.name)/kustomization-\(cluster).yaml", fluxKustomization(cluster, path: repoPath(p, env.name, "cluster"), dependsOn: nil, p)))
      for tenant in p.tenants {
        let name = "\(env.name)-\(tenant.name)"
        out.append(artifact("\(env.name)/kustomization-\(name).yaml", fluxKustomization(name, path: repoPath(p, env.name, "tenants", tenant.name), dependsOn: cluster, p)))
      }
      let listing = out[start...].map(\.path)
      out.append(Kustomization.artifact(for: "\(scope)/\(env.name)", resources: listing))
    }
    return out
  }

  static func fluxKustomization(_ name: String, path: String, dependsOn: String?, _ p: Platform) -> KValue {
    var spec = KMap()
    spec.append("interval", .string("10m"))
    spec.append("path", .string("./" + path))
    spec.append("prune", .bool(true))
    spec.append("wait", .bool(true))
    spec.append("sourceRef", .object(["kind": .string("GitRepository"), "name": .string(p.name)]))
    if let dependsOn { spec.append("dependsOn", .list([.object(["name": .string(dependsOn)])])) }
    return .object([
      "apiVersion": .string("kustomize.toolkit.fluxcd.io/v1"),
      "kind": .string("Kustomization"),
      "metadata": metadata(name, p),
      "spec": .map(spec),
    ])
  }
}

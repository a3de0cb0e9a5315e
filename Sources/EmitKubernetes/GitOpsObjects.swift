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

  /// - Parameter elided: tenants whose objects are produced as paths only (`Artifact.elided`).
  static func emit(_ platform: Platform, elided: Set<String> = []) -> [Artifact] {
    switch platform.gitops.engine {
    case .argocd: return argo(platform, elided)
    case .flux: return flux(platform, elided)
    }
  }

  static func labels(_ platform: Platform) -> [(String, String)] {
    [("app.kubernetes.io/managed-by", "paved"), ("paved.dev/platform", platform.name)]
  }

  /// An object under `gitops/` in the GitOps engine's namespace.
  static func manifest(
    _ path: String, _ apiVersion: String, _ kind: String, name: String, _ platform: Platform, wave: Int? = nil, finalizer: Bool = false,
    elided: Bool = false, _ body: (inout YAMLBuilder) -> Void
  ) -> Artifact {
    if elided { return .elided(path: "\(scope)/\(path)") }
    return .manifest(
      path: "\(scope)/\(path)", apiVersion: apiVersion, kind: kind, name: name, namespace: platform.gitops.namespace,
      labels: labels(platform), annotations: wave.map { [("argocd.argoproj.io/sync-wave", String($0))] } ?? [],
      finalizers: finalizer ? ["resources-finalizer.argocd.argoproj.io"] : [], origin: nil, body)
  }

  /// Repository path of an environment subdirectory (platform.yaml sits at the repository root).
  static func repoPath(_ platform: Platform, _ parts: String...) -> String {
    ([platform.gitops.path] + parts).joined(separator: "/")
  }

  // MARK: Argo CD

  static func argo(_ p: Platform, _ elided: Set<String>) -> [Artifact] {
    let platformProject = "\(p.name)-platform"
    var applications: [Artifact] = []
    for env in p.environments {
      applications.append(application(
        "application-\(p.name)-\(env.name)-cluster.yaml", "\(p.name)-\(env.name)-cluster", project: platformProject,
        path: repoPath(p, env.name, "cluster"), server: env.server, namespace: nil, wave: -1, p))
      for tenant in p.tenants {
        applications.append(application(
          "application-\(p.name)-\(env.name)-\(tenant.name).yaml", "\(p.name)-\(env.name)-\(tenant.name)", project: "\(p.name)-\(tenant.name)",
          path: repoPath(p, env.name, "tenants", tenant.name), server: env.server, namespace: "\(tenant.name)-\(env.name)", wave: 0,
          elided: elided.contains(tenant.name), p))
      }
    }
    var projects: [Artifact] = [project(
      "appproject-\(platformProject).yaml", platformProject,
      description: "Cluster-scoped objects of \(p.name): namespaces, priorities, Kueue flavors and queues.",
      destinations: p.environments.map { ($0.server, "*") }, clusterScoped: true, p)]
    for tenant in p.tenants {
      projects.append(project(
        "appproject-\(p.name)-\(tenant.name).yaml", "\(p.name)-\(tenant.name)",
        description: "Tenant \(tenant.name): its namespaces only, no cluster-scoped kinds.",
        destinations: p.environments.map { ($0.server, "\(tenant.name)-\($0.name)") }, clusterScoped: false,
        elided: elided.contains(tenant.name), p))
    }
    var out = (applications + projects).sorted { $0.path < $1.path }
    out.append(Kustomization.artifact(for: scope, resources: out.map(\.path)))
    return out
  }

  static func application(
    _ file: String, _ name: String, project: String, path: String, server: String, namespace: String?, wave: Int, elided: Bool = false,
    _ p: Platform
  ) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "Application", name: name, p, wave: wave, finalizer: true, elided: elided) { b in
      b.map("spec") { b in
        b.field("project", project)
        b.map("source") { b in
          b.field("repoURL", p.gitops.repoURL)
          b.field("targetRevision", p.gitops.targetRevision)
          b.field("path", path)
        }
        b.map("destination") { b in
          b.field("server", server)
          if let namespace { b.field("namespace", namespace) }
        }
        b.field("syncPolicy", syncPolicy)
      }
    }
  }

  /// The same for every Application: built once.
  static let syncPolicy: KValue = .object([
    "automated": .object(["prune": .bool(true), "selfHeal": .bool(true)]),
    "syncOptions": .list([.string("ServerSideApply=true"), .string("CreateNamespace=false")]),
    "retry": .object(["limit": .int(5), "backoff": .object(["duration": .string("10s"), "factor": .int(2), "maxDuration": .string("5m")])]),
  ])

  static func project(
    _ file: String, _ name: String, description: String, destinations: [(String, String)], clusterScoped: Bool, elided: Bool = false,
    _ p: Platform
  ) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "AppProject", name: name, p, elided: elided) { b in
      b.map("spec") { b in
        b.field("description", description)
        b.strings("sourceRepos", [p.gitops.repoURL])
        b.list("destinations") { b in
          for (server, namespace) in destinations {
            b.mapItem { b in
              b.field("server", server)
              b.field("namespace", namespace)
            }
          }
        }
        b.list("clusterResourceWhitelist") { b in
          guard clusterScoped else { return }
          b.mapItem { b in
            b.field("group", "*")
            b.field("kind", "*")
          }
        }
      }
    }
  }

  // MARK: Flux

  static func flux(_ p: Platform, _ elided: Set<String>) -> [Artifact] {
    var out: [Artifact] = []
    for env in p.environments {
      let start = out.count
      out.append(manifest("\(env.name)/gitrepository-\(p.name).yaml", "source.toolkit.fluxcd.io/v1", "GitRepository", name: p.name, p) { b in
        b.map("spec") { b in
          b.field("interval", "1m")
          b.field("url", p.gitops.repoURL)
          b.map("ref") { b in b.field("branch", p.gitops.targetRevision) }
        }
      })
      let cluster = "\(env.name)-cluster"
      out.append(fluxKustomization("\(env.name)/kustomization-\(cluster).yaml", cluster, path: repoPath(p, env.name, "cluster"), dependsOn: nil, p))
      for tenant in p.tenants {
        let name = "\(env.name)-\(tenant.name)"
        out.append(fluxKustomization(
          "\(env.name)/kustomization-\(name).yaml", name, path: repoPath(p, env.name, "tenants", tenant.name), dependsOn: cluster,
          elided: elided.contains(tenant.name), p))
      }
      let listing = out[start...].map(\.path)
      out.append(Kustomization.artifact(for: "\(scope)/\(env.name)", resources: listing))
    }
    return out
  }

  static func fluxKustomization(
    _ file: String, _ name: String, path: String, dependsOn: String?, elided: Bool = false, _ p: Platform
  ) -> Artifact {
    manifest(file, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", name: name, p, elided: elided) { b in
      b.map("spec") { b in
        b.field("interval", "10m")
        b.field("path", "./" + path)
        b.field("prune", true)
        b.field("wait", true)
        b.map("sourceRef") { b in
          b.field("kind", "GitRepository")
          b.field("name", p.name)
        }
        if let dependsOn { b.list("dependsOn") { b in b.mapItem { b in b.field("name", dependsOn) } } }
      }
    }
  }
}

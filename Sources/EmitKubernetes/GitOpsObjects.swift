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

  /// - Parameters:
  ///   - elided: tenants whose objects are produced as paths only (`Artifact.elided`).
  ///   - counting: produce them as placeholders without paths instead (`Artifact.counted`).
  static func emit(_ platform: Platform, elided: Set<String> = [], counting: Bool = false) -> [Artifact] {
    let skipping = Skipping(elided: elided, counting: counting)
    switch platform.gitops.engine {
    case .argocd: return argo(platform, skipping)
    case .flux: return flux(platform, skipping)
    }
  }

  /// The elided tenants' files: nothing of them is built but (unless counting) their paths.
  struct Skipping {
    let elided: Set<String>
    let counting: Bool

    /// The placeholder for `tenant`'s file at `path`, or nil when the tenant is rendered.
    func file(_ tenant: String, _ path: @autoclosure () -> String) -> Artifact? {
      guard !elided.isEmpty, elided.contains(tenant) else { return nil }
      return counting ? .counted : .elided(path: "\(scope)/\(path())")
    }
  }

  /// The paths a listing of `files` names (placeholders without a path are left out).
  static func listed(_ files: ArraySlice<Artifact>) -> [String] { files.compactMap { $0.path.isEmpty ? nil : $0.path } }

  static func labels(_ platform: Platform) -> [(String, String)] {
    [("app.kubernetes.io/managed-by", "paved"), ("paved.dev/platform", platform.name)]
  }

  /// An object under `gitops/` in the GitOps engine's namespace.
  static func manifest(
    _ path: String, _ apiVersion: String, _ kind: String, name: String, _ platform: Platform, wave: Int? = nil, finalizer: Bool = false,
    _ body: (inout YAMLBuilder) -> Void
  ) -> Artifact {
    .manifest(
      path: "\(scope)/\(path)", apiVersion: apiVersion, kind: kind, name: name, namespace: platform.gitops.namespace,
      labels: labels(platform), annotations: wave.map { [("argocd.argoproj.io/sync-wave", String($0))] } ?? [],
      finalizers: finalizer ? ["resources-finalizer.argocd.argoproj.io"] : [], origin: nil, body)
  }

  /// Repository path of an environment subdirectory (platform.yaml sits at the repository root).
  static func repoPath(_ platform: Platform, _ parts: String...) -> String {
    ([platform.gitops.path] + parts).joined(separator: "/")
  }

  // MARK: Argo CD

  static func argo(_ p: Platform, _ skipping: Skipping) -> [Artifact] {
    let platformProject = "\(p.name)-platform"
    var applications: [Artifact] = []
    for env in p.environments {
      applications.append(application(
        "application-\(p.name)-\(env.name)-cluster.yaml", "\(p.name)-\(env.name)-cluster", project: platformProject,
        path: repoPath(p, env.name, "cluster"), server: env.server, namespace: nil, wave: -1, p))
      for tenant in p.tenants {
        func file() -> String { "application-\(p.name)-\(env.name)-\(tenant.name).yaml" }
        applications.append(skipping.file(tenant.name, file()) ?? application(
          file(), "\(p.name)-\(env.name)-\(tenant.name)", project: "\(p.name)-\(tenant.name)",
          path: repoPath(p, env.name, "tenants", tenant.name), server: env.server, namespace: "\(tenant.name)-\(env.name)", wave: 0, p))
      }
    }
    var projects: [Artifact] = [project(
      "appproject-\(platformProject).yaml", platformProject,
      description: "Cluster-scoped objects of \(p.name): namespaces, priorities, Kueue flavors and queues.",
      destinations: p.environments.map { ($0.server, "*") }, clusterScoped: true, p)]
    for tenant in p.tenants {
      func file() -> String { "appproject-\(p.name)-\(tenant.name).yaml" }
      projects.append(skipping.file(tenant.name, file()) ?? project(
        file(), "\(p.name)-\(tenant.name)",
        description: "Tenant \(tenant.name): its namespaces only, no cluster-scoped kinds.",
        destinations: p.environments.map { ($0.server, "\(tenant.name)-\($0.name)") }, clusterScoped: false, p))
    }
    var out = (applications + projects).sorted { $0.path < $1.path }
    out.append(Kustomization.artifact(for: scope, resources: listed(out[...])))
    return out
  }

  static func application(
    _ file: String, _ name: String, project: String, path: String, server: String, namespace: String?, wave: Int, _ p: Platform
  ) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "Application", name: name, p, wave: wave, finalizer: true) { b in
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
    _ file: String, _ name: String, description: String, destinations: [(String, String)], clusterScoped: Bool, _ p: Platform
  ) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "AppProject", name: name, p) { b in
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

  static func flux(_ p: Platform, _ skipping: Skipping) -> [Artifact] {
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
        func file() -> String { "\(env.name)/kustomization-\(env.name)-\(tenant.name).yaml" }
        out.append(skipping.file(tenant.name, file()) ?? fluxKustomization(
          file(), "\(env.name)-\(tenant.name)", path: repoPath(p, env.name, "tenants", tenant.name), dependsOn: cluster, p))
      }
      let listing = listed(out[start...])
      out.append(Kustomization.artifact(for: "\(scope)/\(env.name)", resources: listing))
    }
    return out
  }

  static func fluxKustomization(_ file: String, _ name: String, path: String, dependsOn: String?, _ p: Platform) -> Artifact {
    manifest(file, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", name: name, p) { b in
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

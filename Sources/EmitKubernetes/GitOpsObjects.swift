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

  /// The wiring comes in parts that can be emitted apart (and in parallel): the top of `gitops/`
  /// (Argo CD's root project and Applications), then each environment's directory.
  static func parts(_ platform: Platform) -> Int { 1 + platform.environments.count }

  /// Part 0: the top of `gitops/`; part k: the directory of environment k - 1. Without the part's
  /// listing (`listing`).
  static func emit<Sink: ArtifactSink>(_ platform: Platform, part: Int, into sink: inout Sink) {
    let env = part == 0 ? nil : platform.environments[part - 1]
    switch platform.gitops.engine {
    case .argocd:
      if let env { argoEnvironment(platform, env, into: &sink) } else { argoTop(platform, into: &sink) }
    case .flux:
      if let env { fluxEnvironment(platform, env, into: &sink) }
    }
  }

  /// The `kustomization.yaml` listing a part's files (`paths`); Flux has none at the top of `gitops/`.
  static func listing(_ platform: Platform, part: Int, paths: [String]) -> Artifact? {
    guard part > 0 else {
      return platform.gitops.engine == .argocd ? Kustomization.artifact(for: scope, resources: paths) : nil
    }
    return Kustomization.artifact(for: "\(scope)/\(platform.environments[part - 1].name)", resources: paths)
  }

  /// Hands `sink` the file of `tenant` at `gitops/<relative>`; `render` is given that path.
  static func file<Sink: ArtifactSink>(
    _ sink: inout Sink, of tenant: String? = nil, _ relative: @autoclosure () -> String, _ render: (String) -> Artifact
  ) {
    sink.file(of: tenant, "\(scope)/\(relative())", render)
  }

  static func labels(_ platform: Platform) -> [(String, String)] {
    [("app.kubernetes.io/managed-by", "paved"), ("paved.dev/platform", platform.name)]
  }

  /// An object under `gitops/` (at `path`, which `file` gave) in the GitOps engine's namespace.
  static func manifest(
    _ path: String, _ apiVersion: String, _ kind: String, name: String, _ platform: Platform, wave: Int? = nil, finalizer: Bool = false,
    _ body: (inout YAMLBuilder) -> Void
  ) -> Artifact {
    .manifest(
      path: path, apiVersion: apiVersion, kind: kind, name: name, namespace: platform.gitops.namespace,
      labels: labels(platform), annotations: wave.map { [("argocd.argoproj.io/sync-wave", String($0))] } ?? [],
      finalizers: finalizer ? ["resources-finalizer.argocd.argoproj.io"] : [], origin: nil, body)
  }

  /// Repository path of an environment subdirectory (platform.yaml sits at the repository root).
  static func repoPath(_ platform: Platform, _ parts: String...) -> String {
    ([platform.gitops.path] + parts).joined(separator: "/")
  }

  // MARK: Argo CD

  /// Argo CD, as an app of apps per environment:
  /// - `gitops/`: the `<p>-root` AppProject (Applications and AppProjects in Argo CD's namespace, nothing
  ///   else) and one root Application per environment, pointing at `gitops/<env>/`. Applied once by hand
  ///   (`kubectl apply -k`); everything else follows from git.
  /// - `gitops/<env>/`: that environment's AppProjects (wave -2), its cluster Application (wave -1) and one
  ///   Application per tenant (wave 0). Waves order Applications only when Argo CD assesses an
  ///   Application's health, which it stopped doing by default in 1.8: the README says how to restore it.
  static func argoTop<Sink: ArtifactSink>(_ p: Platform, into sink: inout Sink) {
    let rootProject = "\(p.name)-root"
    file(&sink, "appproject-\(rootProject).yaml") { rootProjectObject($0, rootProject, p) }
    for env in p.environments {
      file(&sink, "application-\(p.name)-\(env.name)-root.yaml") {
        application(
          $0, "\(p.name)-\(env.name)-root", project: rootProject, path: repoPath(p, scope, env.name), server: inCluster,
          namespace: p.gitops.namespace, wave: nil, finalizer: false, p)
      }
    }
  }

  static func argoEnvironment<Sink: ArtifactSink>(_ p: Platform, _ env: Environment, into sink: inout Sink) {
    let platformProject = "\(p.name)-\(env.name)-platform"
    file(&sink, "\(env.name)/application-\(p.name)-\(env.name)-cluster.yaml") {
      application(
        $0, "\(p.name)-\(env.name)-cluster", project: platformProject, path: repoPath(p, env.name, "cluster"), server: env.server,
        namespace: nil, wave: -1, finalizer: true, p)
    }
    file(&sink, "\(env.name)/appproject-\(platformProject).yaml") { platformProjectObject($0, platformProject, env, p) }
    for tenant in p.tenants {
      let name = "\(p.name)-\(env.name)-\(tenant.name)"
      file(&sink, of: tenant.name, "\(env.name)/application-\(name).yaml") {
        application(
          $0, name, project: name, path: repoPath(p, env.name, "tenants", tenant.name), server: env.server,
          namespace: "\(tenant.name)-\(env.name)", wave: 0, finalizer: true, p)
      }
      file(&sink, of: tenant.name, "\(env.name)/appproject-\(name).yaml") { tenantProjectObject($0, name, tenant, env, p) }
    }
  }

  /// The Argo CD server's own cluster, where Applications and AppProjects live.
  static let inCluster = "https://kubernetes.default.svc"

  static func application(
    _ file: String, _ name: String, project: String, path: String, server: String, namespace: String?, wave: Int?, finalizer: Bool, _ p: Platform
  ) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "Application", name: name, p, wave: wave, finalizer: finalizer) { b in
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

  /// The cluster-scoped kinds Paved renders into `<env>/cluster/`: exactly what the platform project allows.
  static let clusterKinds: [(group: String, kind: String)] = [
    ("", "Namespace"), ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
    ("kueue.x-k8s.io", "ClusterQueue"), ("kueue.x-k8s.io", "ResourceFlavor"), ("rbac.authorization.k8s.io", "ClusterRole"),
    ("scheduling.k8s.io", "PriorityClass"),
    ("serving.kserve.io", "ClusterStorageContainer"),
  ]

  /// The namespaced kinds Paved renders into a tenant's directory: exactly what a tenant project allows.
  static let tenantKinds: [(group: String, kind: String)] = [
    ("", "LimitRange"), ("", "ResourceQuota"), ("", "ServiceAccount"), ("kueue.x-k8s.io", "LocalQueue"), ("monitoring.coreos.com", "PodMonitor"),
    ("monitoring.coreos.com", "PrometheusRule"), ("networking.k8s.io", "NetworkPolicy"), ("policy", "PodDisruptionBudget"),
    ("rbac.authorization.k8s.io", "RoleBinding"), ("serving.kserve.io", "InferenceService"),
  ]

  static func kinds(_ b: inout YAMLBuilder, _ key: StaticString, _ kinds: [(group: String, kind: String)]) {
    b.list(key) { b in
      for k in kinds {
        b.mapItem { b in
          b.field("group", k.group)
          b.field("kind", k.kind)
        }
      }
    }
  }

  static func rootProjectObject(_ file: String, _ name: String, _ p: Platform) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "AppProject", name: name, p) { b in
      b.map("spec") { b in
        b.field("description", "The root Applications of \(p.name): each environment's AppProjects and Applications, nothing else.")
        b.strings("sourceRepos", [p.gitops.repoURL])
        b.list("destinations") { b in
          b.mapItem { b in
            b.field("server", inCluster)
            b.field("namespace", p.gitops.namespace)
          }
        }
        b.list("clusterResourceWhitelist") { _ in }
        kinds(&b, "namespaceResourceWhitelist", [("argoproj.io", "AppProject"), ("argoproj.io", "Application")])
      }
    }
  }

  static func platformProjectObject(_ file: String, _ name: String, _ env: Environment, _ p: Platform) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "AppProject", name: name, p, wave: -2) { b in
      b.map("spec") { b in
        b.field(
          "description",
          "Cluster-scoped objects of \(p.name) in \(env.name): namespaces, priorities, Kueue flavors and queues, KServe storage, admission policies.")
        b.strings("sourceRepos", [p.gitops.repoURL])
        // Only the namespaces the platform owns (its objects are cluster-scoped: no namespaced kind is allowed).
        b.list("destinations") { b in
          for tenant in p.tenants {
            b.mapItem { b in
              b.field("server", env.server)
              b.field("namespace", "\(tenant.name)-\(env.name)")
            }
          }
        }
        kinds(&b, "clusterResourceWhitelist", clusterKinds)
        kinds(&b, "namespaceResourceBlacklist", [("*", "*")])
        windows(&b, env, p)
      }
    }
  }

  static func tenantProjectObject(_ file: String, _ name: String, _ tenant: Tenant, _ env: Environment, _ p: Platform) -> Artifact {
    manifest(file, "argoproj.io/v1alpha1", "AppProject", name: name, p, wave: -2) { b in
      b.map("spec") { b in
        b.field("description", "Tenant \(tenant.name) in \(env.name): its namespace only, the kinds Paved renders there.")
        b.strings("sourceRepos", [p.gitops.repoURL])
        b.list("destinations") { b in
          b.mapItem { b in
            b.field("server", env.server)
            b.field("namespace", "\(tenant.name)-\(env.name)")
          }
        }
        b.list("clusterResourceWhitelist") { _ in }
        kinds(&b, "namespaceResourceWhitelist", tenantKinds)
        // The tenant's owner groups may see and sync their own Applications (users are granted in argocd-rbac-cm).
        let groups = tenant.owners.filter { $0.kind == .group }.map(\.name)
        if !groups.isEmpty {
          b.list("roles") { b in
            b.mapItem { b in
              b.field("name", "owners")
              b.field("description", "Owners of \(tenant.name): get and sync its Applications.")
              b.strings(
                "policies",
                [
                  "p, proj:\(name):owners, applications, get, \(name)/*, allow",
                  "p, proj:\(name):owners, applications, sync, \(name)/*, allow",
                ])
              b.strings("groups", groups)
            }
          }
        }
        windows(&b, env, p)
      }
    }
  }

  /// The sync windows of `env` (`spec.gitops.syncWindows`).
  static func windows(_ b: inout YAMLBuilder, _ env: Environment, _ p: Platform) {
    let windows = p.gitops.syncWindows.filter { $0.environments.contains(env.name) }
    guard !windows.isEmpty else { return }
    b.list("syncWindows") { b in
      for w in windows {
        b.mapItem { b in
          b.field("kind", w.kind.rawValue)
          b.field("schedule", w.schedule)
          b.field("duration", w.duration)
          b.strings("applications", ["*"])
          b.field("manualSync", w.manualSync)
        }
      }
    }
  }

  // MARK: Flux

  /// Flux, per environment: a GitRepository (with `secretRef` for a private repository), the cluster
  /// Kustomization and one per tenant depending on it, each applied to the environment's cluster
  /// through its kubeconfig Secret unless Flux runs in that cluster (`spec.gitops.runsIn`), waiting for
  /// health with a timeout; optionally a notification Provider and an Alert on failures.
  static func fluxEnvironment<Sink: ArtifactSink>(_ p: Platform, _ env: Environment, into sink: inout Sink) {
    if let n = p.gitops.notifications {
      file(&sink, "\(env.name)/alert-\(p.name)-\(env.name).yaml") {
        manifest($0, "notification.toolkit.fluxcd.io/v1beta3", "Alert", name: "\(p.name)-\(env.name)", p) { b in
          b.map("spec") { b in
            b.map("providerRef") { b in b.field("name", "\(p.name)-\(env.name)") }
            b.field("eventSeverity", "error")
            b.list("eventSources") { b in
              for kind in ["GitRepository", "Kustomization"] {
                b.mapItem { b in
                  b.field("kind", kind)
                  b.field("name", "*")
                }
              }
            }
          }
        }
      }
      file(&sink, "\(env.name)/provider-\(p.name)-\(env.name).yaml") {
        manifest($0, "notification.toolkit.fluxcd.io/v1beta3", "Provider", name: "\(p.name)-\(env.name)", p) { b in
          b.map("spec") { b in
            b.field("type", n.type)
            if let channel = n.channel { b.field("channel", channel) }
            if let secret = n.secretRef { b.map("secretRef") { b in b.field("name", secret) } }
          }
        }
      }
    }
    file(&sink, "\(env.name)/gitrepository-\(p.name).yaml") {
      manifest($0, "source.toolkit.fluxcd.io/v1", "GitRepository", name: p.name, p) { b in
        b.map("spec") { b in
          b.field("interval", "1m")
          b.field("url", p.gitops.repoURL)
          b.map("ref") { b in b.field("branch", p.gitops.targetRevision) }
          if let secret = p.gitops.secretRef { b.map("secretRef") { b in b.field("name", secret) } }
        }
      }
    }
    let cluster = "\(env.name)-cluster"
    let kubeConfig = p.gitops.runsIn == env.name ? nil : env.kubeConfigSecret
    file(&sink, "\(env.name)/kustomization-\(cluster).yaml") {
      fluxKustomization($0, cluster, path: repoPath(p, env.name, "cluster"), dependsOn: nil, kubeConfig: kubeConfig, p)
    }
    for tenant in p.tenants {
      file(&sink, of: tenant.name, "\(env.name)/kustomization-\(env.name)-\(tenant.name).yaml") {
        fluxKustomization(
          $0, "\(env.name)-\(tenant.name)", path: repoPath(p, env.name, "tenants", tenant.name), dependsOn: cluster, kubeConfig: kubeConfig, p)
      }
    }
  }

  static func fluxKustomization(_ file: String, _ name: String, path: String, dependsOn: String?, kubeConfig: String?, _ p: Platform) -> Artifact {
    manifest(file, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", name: name, p) { b in
      b.map("spec") { b in
        b.field("interval", "10m")
        b.field("path", "./" + path)
        b.field("prune", true)
        b.field("wait", true)
        b.field("timeout", "5m")
        b.map("sourceRef") { b in
          b.field("kind", "GitRepository")
          b.field("name", p.name)
        }
        if let kubeConfig { b.map("kubeConfig") { b in b.map("secretRef") { b in b.field("name", kubeConfig) } } }
        if let dependsOn { b.list("dependsOn") { b in b.mapItem { b in b.field("name", dependsOn) } } }
      }
    }
  }
}

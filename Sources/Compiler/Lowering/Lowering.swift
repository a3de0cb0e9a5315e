import Diagnostics
import PlatformModel
import SpecAST

/// SpecAST → PlatformModel, run only after every check passed. Each pass is one file.
public enum Lowering {
  /// Builds the validated platform. Values missing here were already reported by decoding or checks,
  /// so defaults only keep the function total; they never reach output of a run with errors.
  public static func lower(_ input: CheckInput) -> Platform {
    let spec = input.platform.spec
    let minor = spec.kubernetesVersion.flatMap { KubernetesVersionCheck.minor(of: $0.value) } ?? 33
    return Platform(
      name: input.platform.name?.value ?? "platform",
      kubernetesMinor: minor,
      gitops: lowerGitOps(spec.gitops),
      network: Network(
        gatewayNamespace: spec.network?.gatewayNamespace?.value ?? "istio-system",
        monitoringNamespace: spec.network?.monitoringNamespace?.value ?? "monitoring",
        nodeLocalDNS: spec.network?.nodeLocalDNS?.value,
        storageEgress: spec.network?.egress.map { rules in
          rules.map { EgressRule(cidr: $0.cidr?.value ?? "", ports: $0.ports.map(\.value)) }
        } ?? Network.defaultStorageEgress,
        apiServer: spec.network?.apiServer.map(\.value) ?? []),
      observability: lowerObservability(spec.observability),
      allowedSources: AllowedSources(
        registries: spec.allowedSources?.registries.map(\.value) ?? [], buckets: spec.allowedSources?.buckets.map(\.value) ?? []),
      pools: spec.gpuPools.map(lowerPool),
      tenants: spec.tenants.map(lowerTenant),
      models: spec.models.map(lowerModel),
      environments: input.orderedEnvironments.enumerated().map { i, env in
        lowerEnvironment(env, previous: i == 0 ? nil : spec.environments[i - 1].value)
      },
      ci: spec.ci.map { lowerCI($0, environments: spec.environments.map(\.value)) })
  }

  static func lowerGitOps(_ gitops: GitOpsSpec?) -> GitOps {
    GitOps(
      engine: GitOps.Engine(rawValue: gitops?.engine?.value ?? "argocd") ?? .argocd,
      repoURL: gitops?.repoURL?.value ?? "",
      path: (try? normalizedOutputPath(gitops?.path?.value ?? "deploy")) ?? "deploy",
      targetRevision: gitops?.targetRevision?.value ?? "main", namespace: gitops?.namespace?.value, runsIn: gitops?.runsIn?.value,
      secretRef: gitops?.secretRef?.value,
      syncWindows: (gitops?.syncWindows ?? []).map {
        GitOps.SyncWindow(
          environments: $0.environments.map(\.value), kind: $0.kind.flatMap { GitOps.SyncWindow.Kind(rawValue: $0.value) } ?? .allow,
          schedule: $0.schedule?.value ?? "",
          duration: $0.duration?.value ?? "", manualSync: $0.manualSync?.value ?? false)
      },
      notifications: gitops?.notifications.map {
        GitOps.Notifications(type: $0.type?.value ?? "generic", channel: $0.channel?.value, secretRef: $0.secretRef?.value)
      })
  }

  static func lowerObservability(_ o: ObservabilitySpec?) -> Observability {
    let defaults = Observability()
    var base = o?.runbookBaseURL?.value ?? defaults.runbookBaseURL
    while base.hasSuffix("/") { base.removeLast() }
    return Observability(
      runbookBaseURL: base, pendingWorkloadsFor: o?.pendingWorkloadsFor?.value ?? defaults.pendingWorkloadsFor,
      quotaUsagePercent: o?.quotaUsagePercent?.value ?? defaults.quotaUsagePercent,
      ruleLabels: o?.ruleLabels.map { $0.map { (key: $0.key.value, value: $0.value.value) } } ?? defaults.ruleLabels)
  }

  /// Output paths are relative and never climb out of the repository.
  static func normalizedOutputPath(_ path: String) throws -> String {
    let parts = path.split(separator: "/").filter { $0 != "." }
    guard !path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else { throw LoweringError.invalidPath }
    return parts.joined(separator: "/")
  }

  enum LoweringError: Error { case invalidPath }
}

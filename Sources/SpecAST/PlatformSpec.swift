import Diagnostics

/// `platform.yaml`: the whole platform, as written (positions kept, nothing resolved yet).
public struct PlatformDocument: Sendable {
  public var file: String
  public var name: Located<String>?
  public var spec: PlatformSpec
}

/// `spec` of a Platform document.
public struct PlatformSpec: Sendable {
  public var kubernetesVersion: Located<String>?
  public var gitops: GitOpsSpec?
  public var network: NetworkSpec?
  public var allowedSources: AllowedSourcesSpec?
  public var observability: ObservabilitySpec?
  public var gpuPools: [GPUPoolSpec] = []
  public var tenants: [TenantSpec] = []
  public var models: [ModelSpec] = []
  public var environments: [Located<String>] = []
  public var ci: CISpec?
  /// Where `spec` itself is, for diagnostics about missing parts.
  public var range: SourceRange
}

/// `spec.gitops`: how rendered manifests reach clusters.
public struct GitOpsSpec: Sendable {
  public var engine: Located<String>?
  public var repoURL: Located<String>?
  public var path: Located<String>?
  public var targetRevision: Located<String>?
  /// Namespace of the GitOps controller's objects (default `argocd` or `flux-system`).
  public var namespace: Located<String>?
  /// The environment whose cluster runs the GitOps controller (Flux then needs no kubeconfig for it).
  public var runsIn: Located<String>?
  /// Flux: the Secret with the git credentials for `repoURL`.
  public var secretRef: Located<String>?
  /// Argo CD: when syncs may (allow) or may not (deny) run, per environment.
  public var syncWindows: [SyncWindowSpec] = []
  /// Flux: where reconciliation failures are reported.
  public var notifications: NotificationsSpec?
}

/// `spec.gitops.syncWindows[i]`.
public struct SyncWindowSpec: Sendable {
  public var environments: [Located<String>] = []
  public var kind: Located<String>?
  public var schedule: Located<String>?
  public var duration: Located<String>?
  public var manualSync: Located<Bool>?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.gitops.notifications`: a Flux notification Provider per environment.
public struct NotificationsSpec: Sendable {
  public var type: Located<String>?
  public var channel: Located<String>?
  public var secretRef: Located<String>?
}

/// `spec.observability`: where alerts link to and how long queues may stay pending.
public struct ObservabilitySpec: Sendable {
  public var runbookBaseURL: Located<String>?
  /// Prometheus duration, e.g. `30m`.
  public var pendingWorkloadsFor: Located<String>?
  /// Fraction of a ClusterQueue's nominal quota in use that raises an alert, e.g. 90 (percent).
  public var quotaUsagePercent: Located<Int>?
  /// Labels put on every PrometheusRule and PodMonitor so the Prometheus Operator's rule and monitor
  /// selectors pick them up (kube-prometheus-stack selects `release: <helm release>`).
  public var ruleLabels: [KeyedValue<Located<String>>]?
}

/// `spec.network`: namespaces tenant NetworkPolicies admit traffic from.
public struct NetworkSpec: Sendable {
  public var gatewayNamespace: Located<String>?
  public var monitoringNamespace: Located<String>?
  /// NodeLocal DNSCache's address, e.g. 169.254.20.10.
  public var nodeLocalDNS: Located<String>?
  /// Where serving pods read artifacts from (replaces the default, TCP 443 anywhere).
  public var egress: [EgressSpec]?
  /// Where `egress` is written (for an empty list).
  public var egressRange: SourceRange?
  public var egressPath: DataPath?
  /// API server CIDRs tenant pods may reach (opt-in).
  public var apiServer: [Located<String>] = []
}

/// `spec.network.egress[i]`: a CIDR and its TCP ports.
public struct EgressSpec: Sendable {
  public var cidr: Located<String>?
  public var ports: [Located<Int>] = []
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.allowedSources`: where container images and model artifacts may come from (read by policies).
public struct AllowedSourcesSpec: Sendable {
  /// Registry prefixes, e.g. `ghcr.io/acme/`.
  public var registries: [Located<String>] = []
  /// Storage prefixes, e.g. `s3://acme-models/`.
  public var buckets: [Located<String>] = []
}

/// `spec.gpuPools[i]`.
public struct GPUPoolSpec: Sendable {
  public var name: Located<String>?
  public var resource: Located<String>?
  public var nodeLabels: [KeyedValue<Located<String>>] = []
  public var taints: [TaintSpec] = []
  public var capacity: Located<Int>?
  public var sharing: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

/// A node taint of a GPU pool.
public struct TaintSpec: Sendable {
  public var key: Located<String>?
  public var value: Located<String>?
  public var effect: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.tenants[i]`.
public struct TenantSpec: Sendable {
  public var name: Located<String>?
  public var owners: [Located<String>] = []
  public var ownersRange: SourceRange?
  public var quota: QuotaSpec?
  public var borrowing: [KeyedValue<Located<Int>>] = []
  public var priority: Located<String>?
  /// Pod Security level enforced on the tenant's namespaces: `restricted` (default) or `baseline`.
  public var podSecurity: Located<String>?
  /// What removing the tenant from the spec does to its namespaces: `retain` (default) or `delete`.
  public var onRemoval: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

/// A tenant's nominal quota.
public struct QuotaSpec: Sendable {
  public var cpu: Located<String>?
  public var memory: Located<String>?
  public var gpus: [KeyedValue<Located<Int>>] = []
  /// False when decoding it reported an error (a misspelt key, a wrong type): checks that would
  /// only repeat that error as a consequence stay quiet.
  public var complete = true
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.models[i]`.
public struct ModelSpec: Sendable {
  public var name: Located<String>?
  public var tenant: Located<String>?
  public var contract: ContractSpec?
  public var serving: ServingSpec?
  public var range: SourceRange
  public var path: DataPath
}

/// A model's contract: what every artifact of it must satisfy.
public struct ContractSpec: Sendable {
  public var formats: [Located<String>] = []
  public var inputs: [TensorContractSpec] = []
  public var outputs: [TensorContractSpec] = []
  public var maxSize: Located<String>?
  public var requiredMetadata: [Located<String>] = []
  public var metrics: [KeyedValue<Located<String>>] = []
  public var signed: Located<Bool>?
  public var pickle: Located<String>?
  /// Who may sign the model's artifacts (`security.signers`).
  public var signers: [SignerSpec] = []
  /// Where `security` is, for diagnostics about it as a whole.
  public var securityRange: SourceRange?
  public var securityPath: DataPath?
  public var range: SourceRange
  public var path: DataPath
}

/// A trusted signer: a public key (PEM file in the repository), or a certificate identity with the
/// trust anchors its chain must reach.
public struct SignerSpec: Sendable {
  public var publicKey: Located<String>?
  /// The certificate's identity: a subject alternative name (e-mail or URI) or its subject.
  public var identity: Located<String>?
  /// The OIDC issuer a Sigstore certificate names (or, without that extension, the certificate's issuer).
  public var issuer: Located<String>?
  /// PEM file with the CA certificates the chain must reach.
  public var roots: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

/// One input or output tensor of a contract.
public struct TensorContractSpec: Sendable {
  public var name: Located<String>?
  public var dtype: Located<String>?
  /// Dimensions: an integer (-1 for any) or a symbolic name.
  public var shape: [Located<DimensionSpec>] = []
  public var range: SourceRange
  public var path: DataPath
}

/// A tensor dimension as written.
public enum DimensionSpec: Sendable, Equatable {
  case fixed(Int)
  case symbolic(String)
}

/// How a model is served.
public struct ServingSpec: Sendable {
  /// The KServe ServingRuntime or ClusterServingRuntime that serves the model (default per format).
  public var runtime: Located<String>?
  public var format: Located<String>?
  public var gpuPool: Located<String>?
  public var gpus: Located<Int>?
  public var minReplicas: Located<Int>?
  public var maxReplicas: Located<Int>?
  public var deploymentMode: Located<String>?
  public var resources: ServingResourcesSpec?
  public var serviceAccount: ServiceAccountSpec?
  public var range: SourceRange
  public var path: DataPath
}

/// `serving.resources`: CPU and memory of one replica (requests; memory is also the limit).
public struct ServingResourcesSpec: Sendable {
  public var cpu: Located<String>?
  public var memory: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

/// `serving.serviceAccount`: the identity the model's pods run as and read their artifact with.
public struct ServiceAccountSpec: Sendable {
  /// Annotations for cloud workload identity (e.g. `eks.amazonaws.com/role-arn`).
  public var annotations: [KeyedValue<Located<String>>] = []
  /// A Secret in the tenant namespace with storage credentials (KServe reads S3 keys from it).
  public var storageSecret: Located<String>?
  public var range: SourceRange
  public var path: DataPath
}

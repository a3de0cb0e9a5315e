import Diagnostics

/// A team with its own namespaces, queues and quota in every environment.
public struct Tenant: Sendable, Equatable {
  public enum Priority: String, Sendable, CaseIterable { case low, standard, high }
  public var name: String
  /// Owners sorted by kind then name.
  public var owners: [Owner]
  public var cpu: Quantity
  public var memory: Quantity
  /// Nominal GPUs per pool name, sorted by pool name.
  public var gpus: [PoolCount]
  /// Borrowing limit per pool name (0 when absent), sorted by pool name.
  public var borrowing: [PoolCount]
  public var priority: Priority
  /// The Pod Security level its namespaces enforce; serving pods are built to pass it.
  public var podSecurity: PodSecurityLevel
  /// Removing the tenant from the spec deletes its namespaces (and everything in them). Off by
  /// default: the GitOps engine is told never to prune or delete them.
  public var deleteOnRemoval: Bool
  @NotCompared public var origin: SourceRange

  public init(
    name: String, owners: [Owner], cpu: Quantity, memory: Quantity, gpus: [PoolCount],
    borrowing: [PoolCount], priority: Priority, podSecurity: PodSecurityLevel = .restricted, deleteOnRemoval: Bool = false,
    origin: SourceRange
  ) {
    self.name = name
    self.owners = owners.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }
    self.cpu = cpu
    self.memory = memory
    self.gpus = gpus.sorted { $0.pool < $1.pool }
    self.borrowing = borrowing.sorted { $0.pool < $1.pool }
    self.priority = priority
    self.podSecurity = podSecurity
    self.deleteOnRemoval = deleteOnRemoval
    self.origin = origin
  }

  /// Nominal GPUs in `pool` (0 when the tenant has none there).
  public func nominal(in pool: String) -> Int { gpus.first { $0.pool == pool }?.count ?? 0 }
  /// Borrowing limit in `pool` (0 when none).
  public func borrowingLimit(in pool: String) -> Int { borrowing.first { $0.pool == pool }?.count ?? 0 }
  /// Pools the tenant may use: those with nominal quota or a borrowing limit, sorted.
  public var poolNames: [String] { Array(Set(gpus.map(\.pool) + borrowing.map(\.pool))).sorted() }
}

/// Someone who administers a tenant's namespaces.
public struct Owner: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case group = "Group"
    case user = "User"
  }
  public var kind: Kind
  public var name: String

  public init(kind: Kind, name: String) {
    self.kind = kind
    self.name = name
  }
}

/// A model, its contract and how it is served.
public struct Model: Sendable, Equatable {
  public var name: String
  public var tenant: String
  public var contract: Contract?
  public var serving: Serving?
  @NotCompared public var origin: SourceRange

  public init(name: String, tenant: String, contract: Contract?, serving: Serving?, origin: SourceRange) {
    self.name = name
    self.tenant = tenant
    self.contract = contract
    self.serving = serving
    self.origin = origin
  }
}

/// Pod Security Standards level of a tenant's namespaces.
public enum PodSecurityLevel: String, Sendable, CaseIterable { case restricted, baseline }

/// How a model is served (KServe).
public struct Serving: Sendable, Equatable {
  /// The ServingRuntime or ClusterServingRuntime name (the format's default when the spec names none).
  public var runtime: String
  public var format: String
  public var gpuPool: String?
  public var gpus: Int
  public var minReplicas: Int
  public var maxReplicas: Int
  public var deploymentMode: DeploymentMode
  /// CPU and memory of one replica's model container.
  public var resources: ServingResources
  /// The model's ServiceAccount settings.
  public var identity: ServingIdentity

  public init(
    runtime: String, format: String, gpuPool: String?, gpus: Int, minReplicas: Int, maxReplicas: Int, deploymentMode: DeploymentMode,
    resources: ServingResources = .default, identity: ServingIdentity = ServingIdentity()
  ) {
    self.runtime = runtime
    self.format = format
    self.gpuPool = gpuPool
    self.gpus = gpus
    self.minReplicas = minReplicas
    self.maxReplicas = maxReplicas
    self.deploymentMode = deploymentMode
    self.resources = resources
    self.identity = identity
  }

  /// Served in Knative (serverless) mode rather than Standard (raw Deployment) mode.
  public var knative: Bool { deploymentMode == .knative }
}

/// How KServe runs a model (its `serving.kserve.io/deploymentMode` annotation).
public enum DeploymentMode: String, Sendable, CaseIterable {
  /// A Deployment (KServe calls it RawDeployment too).
  case standard = "Standard"
  /// Knative Serving: serverless, may scale to zero.
  case knative = "Knative"
}

/// CPU and memory requests of one serving replica; memory is also its limit (no CPU limit, so a
/// busy replica is never throttled below what it asked for).
public struct ServingResources: Sendable, Equatable {
  public var cpu: Quantity
  public var memory: Quantity
  /// True when the spec named none and `default` applies.
  public var defaulted: Bool

  public init(cpu: Quantity, memory: Quantity, defaulted: Bool = false) {
    self.cpu = cpu
    self.memory = memory
    self.defaulted = defaulted
  }

  /// What a model without `serving.resources` gets (documented in the README).
  public static let `default` = ServingResources(
    cpu: .fromMilli(1000, binary: false), memory: .fromMilli((4 << 30) * 1000, binary: true), defaulted: true)
}

/// A served model's ServiceAccount: workload-identity annotations and a storage-credentials Secret.
public struct ServingIdentity: Sendable, Equatable {
  public var annotations: [String: String]
  public var storageSecret: String?

  public init(annotations: [String: String] = [:], storageSecret: String? = nil) {
    self.annotations = annotations
    self.storageSecret = storageSecret
  }
}

/// One environment (cluster) in promotion order.
public struct Environment: Sendable, Equatable {
  public var name: String
  public var clusterName: String
  public var server: String
  /// Pinned model versions sorted by model name.
  public var pins: [ModelPin]
  /// The file it was read from, for diagnostics (a base revision's names its commit:
  /// `89d6623:environments/dev.yaml`).
  @NotCompared public var file: String
  /// Flux: the Secret with this cluster's kubeconfig (`<cluster name>-kubeconfig` unless the file names one).
  public var kubeConfigSecret: String
  /// Who approves changes to the environment's file (`group:x`, `user:y`), for CODEOWNERS.
  public var approvers: [String] = []
  /// How model versions reach this environment (default: from the previous one, no soak, all evidence).
  public var promotion = PromotionPolicy(from: nil)

  public init(name: String, clusterName: String, server: String, pins: [ModelPin], file: String, kubeConfigSecret: String? = nil) {
    self.name = name
    self.clusterName = clusterName
    self.server = server
    self.pins = pins.sorted { $0.model < $1.model }
    self.file = file
    self.kubeConfigSecret = kubeConfigSecret ?? "\(clusterName)-kubeconfig"
  }
}

/// Which artifact of a model runs in an environment.
public struct ModelPin: Sendable, Equatable {
  public var model: String
  public var version: String
  public var artifact: String
  public var digest: String
  /// A candidate taking `traffic` percent of requests, if any.
  public var canary: Canary?
  @NotCompared public var origin: SourceRange

  public init(model: String, version: String, artifact: String, digest: String, canary: Canary? = nil, origin: SourceRange) {
    self.model = model
    self.version = version
    self.artifact = artifact
    self.digest = digest
    self.canary = canary
    self.origin = origin
  }
}

/// A candidate version of a model served next to the stable one.
public struct Canary: Sendable, Equatable {
  public var version: String
  public var artifact: String
  public var digest: String
  public var traffic: Int

  public init(version: String, artifact: String, digest: String, traffic: Int) {
    self.version = version
    self.artifact = artifact
    self.digest = digest
    self.traffic = traffic
  }
}

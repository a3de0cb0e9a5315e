import Diagnostics

/// The validated, resolved platform: every reference resolved, every quantity parsed.
/// Emitters read only this; it carries source ranges for provenance, never YAML nodes.
public struct Platform: Sendable, Equatable {
  public var name: String
  public var kubernetesMinor: Int
  public var gitops: GitOps
  public var network: Network
  public var observability: Observability
  /// Where images and model artifacts may come from (empty lists: not restricted by the spec).
  public var allowedSources: AllowedSources
  /// GPU pools sorted by name.
  public var pools: [GPUPool]
  /// Tenants sorted by name.
  public var tenants: [Tenant]
  /// Models sorted by name.
  public var models: [Model]
  /// Environments in promotion order.
  public var environments: [Environment]
  /// `spec.ci`, when the platform's CI is rendered by paved.
  public var ci: CIConfig?

  public init(
    name: String, kubernetesMinor: Int, gitops: GitOps, network: Network, observability: Observability = Observability(),
    allowedSources: AllowedSources = AllowedSources(), pools: [GPUPool], tenants: [Tenant], models: [Model], environments: [Environment],
    ci: CIConfig? = nil
  ) {
    self.ci = ci
    self.name = name
    self.kubernetesMinor = kubernetesMinor
    self.gitops = gitops
    self.network = network
    self.observability = observability
    self.allowedSources = allowedSources
    self.pools = pools.sorted { $0.name < $1.name }
    self.tenants = tenants.sorted { $0.name < $1.name }
    self.models = models.sorted { $0.name < $1.name }
    self.environments = environments
  }

  /// Namespaces the platform's own controllers run in: an admission policy binding never reaches them
  /// unless a policy names them.
  public var systemNamespaces: [String] {
    let fixed = ["kube-system", "kube-public", "kube-node-lease", "kueue-system", "kserve", "knative-serving", "gpu-operator", "cert-manager"]
    return Array(Set(fixed + [gitops.namespace, network.gatewayNamespace, network.monitoringNamespace])).sorted()
  }

  /// The pool named `name`.
  public func pool(named name: String) -> GPUPool? { pools.first { $0.name == name } }

  /// The tenant named `name` (binary search: tenants are sorted).
  public func tenant(named name: String) -> Tenant? {
    var low = 0
    var high = tenants.count
    while low < high {
      let mid = (low + high) / 2
      if tenants[mid].name < name { low = mid + 1 } else { high = mid }
    }
    return low < tenants.count && tenants[low].name == name ? tenants[low] : nil
  }

  /// The model named `name` (binary search: models are sorted).
  public func model(named name: String) -> Model? {
    var low = 0
    var high = models.count
    while low < high {
      let mid = (low + high) / 2
      if models[mid].name < name { low = mid + 1 } else { high = mid }
    }
    return low < models.count && models[low].name == name ? models[low] : nil
  }
}

/// `spec.allowedSources`: registry and bucket prefixes policies compare images and artifacts against.
public struct AllowedSources: Sendable, Equatable {
  public var registries: [String]
  public var buckets: [String]

  public init(registries: [String] = [], buckets: [String] = []) {
    self.registries = registries
    self.buckets = buckets
  }
}

/// Alerting settings shared by every PrometheusRule.
public struct Observability: Sendable, Equatable {
  /// Alerts link to `<runbookBaseURL>/<alert name>`.
  public var runbookBaseURL: String
  /// How long workloads may pend in a queue before an alert fires (Prometheus duration).
  public var pendingWorkloadsFor: String
  /// Share of nominal quota in use (percent) that raises an alert.
  public var quotaUsagePercent: Int
  /// Labels every PrometheusRule and PodMonitor carries, so the Prometheus Operator's selectors pick
  /// them up (kube-prometheus-stack's default selectors match `release: <its Helm release>`).
  public var ruleLabels: [(key: String, value: String)]

  public static let defaultRuleLabels = [(key: "release", value: "kube-prometheus-stack")]

  public init(
    runbookBaseURL: String = "https://runbooks.paved.dev", pendingWorkloadsFor: String = "30m", quotaUsagePercent: Int = 90,
    ruleLabels: [(key: String, value: String)] = Observability.defaultRuleLabels
  ) {
    self.runbookBaseURL = runbookBaseURL
    self.pendingWorkloadsFor = pendingWorkloadsFor
    self.quotaUsagePercent = quotaUsagePercent
    self.ruleLabels = ruleLabels.sorted { $0.key < $1.key }
  }

  public static func == (l: Observability, r: Observability) -> Bool {
    l.runbookBaseURL == r.runbookBaseURL && l.pendingWorkloadsFor == r.pendingWorkloadsFor && l.quotaUsagePercent == r.quotaUsagePercent
      && l.ruleLabels.count == r.ruleLabels.count && zip(l.ruleLabels, r.ruleLabels).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}

/// How rendered manifests reach clusters.
public struct GitOps: Sendable, Equatable {
  public enum Engine: String, Sendable { case argocd, flux }
  public var engine: Engine
  public var repoURL: String
  /// Output directory, relative to the repository root.
  public var path: String
  public var targetRevision: String
  /// Namespace of the GitOps controller (Argo CD's or Flux's).
  public var namespace: String
  /// The environment whose cluster runs the controller, if it is one of them.
  public var runsIn: String?
  /// Flux: the Secret with the git credentials.
  public var secretRef: String?
  /// Argo CD sync windows.
  public var syncWindows: [SyncWindow]
  /// Flux: a notification Provider (and an Alert) per environment.
  public var notifications: Notifications?

  public init(
    engine: Engine, repoURL: String, path: String, targetRevision: String, namespace: String? = nil, runsIn: String? = nil,
    secretRef: String? = nil, syncWindows: [SyncWindow] = [], notifications: Notifications? = nil
  ) {
    self.engine = engine
    self.repoURL = repoURL
    self.path = path
    self.targetRevision = targetRevision
    self.namespace = namespace ?? (engine == .argocd ? "argocd" : "flux-system")
    self.runsIn = runsIn
    self.secretRef = secretRef
    self.syncWindows = syncWindows
    self.notifications = notifications
  }

  /// When Argo CD may (or may not) sync the applications of some environments.
  public struct SyncWindow: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
      case allow
      case deny
    }

    public var environments: [String]
    public var kind: Kind
    public var schedule: String
    public var duration: String
    public var manualSync: Bool

    public init(environments: [String], kind: Kind, schedule: String, duration: String, manualSync: Bool) {
      self.environments = environments
      self.kind = kind
      self.schedule = schedule
      self.duration = duration
      self.manualSync = manualSync
    }
  }

  /// A Flux notification Provider.
  public struct Notifications: Sendable, Equatable {
    public var type: String
    public var channel: String?
    public var secretRef: String?

    public init(type: String, channel: String?, secretRef: String?) {
      self.type = type
      self.channel = channel
      self.secretRef = secretRef
    }
  }
}

/// Namespaces that tenant NetworkPolicies admit traffic from.
public struct Network: Sendable, Equatable {
  public var gatewayNamespace: String
  public var monitoringNamespace: String
  /// NodeLocal DNSCache's link-local address, when the cluster runs it (pods resolve through it).
  public var nodeLocalDNS: String?
  /// Where serving pods may connect out to read their artifacts: TCP ports per CIDR.
  public var storageEgress: [EgressRule]
  /// CIDRs of the Kubernetes API server, when tenant pods may reach it (an opt-in).
  public var apiServer: [String]

  /// Without `spec.network.egress`: TCP 443 anywhere (S3, GCS, the Hugging Face Hub, HTTPS stores).
  public static let defaultStorageEgress = [EgressRule(cidr: "0.0.0.0/0", ports: [443]), EgressRule(cidr: "::/0", ports: [443])]

  public init(
    gatewayNamespace: String, monitoringNamespace: String, nodeLocalDNS: String? = nil, storageEgress: [EgressRule] = Network.defaultStorageEgress,
    apiServer: [String] = []
  ) {
    self.gatewayNamespace = gatewayNamespace
    self.monitoringNamespace = monitoringNamespace
    self.nodeLocalDNS = nodeLocalDNS
    self.storageEgress = storageEgress
    self.apiServer = apiServer
  }
}

/// Egress to one CIDR on some TCP ports.
public struct EgressRule: Sendable, Equatable {
  public var cidr: String
  public var ports: [Int]

  public init(cidr: String, ports: [Int]) {
    self.cidr = cidr
    self.ports = ports
  }
}

/// A pool of GPU nodes exposing one extended resource.
public struct GPUPool: Sendable, Equatable {
  public enum Sharing: String, Sendable {
    case exclusive, mig
    case timeSlicing = "time-slicing"
  }
  public var name: String
  /// Extended resource name, e.g. `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`.
  public var resource: String
  /// Node labels sorted by key.
  public var nodeLabels: [NodeLabel]
  public var taints: [Taint]
  public var capacity: Int
  public var sharing: Sharing
  @NotCompared public var origin: SourceRange

  public init(
    name: String, resource: String, nodeLabels: [NodeLabel], taints: [Taint], capacity: Int,
    sharing: Sharing, origin: SourceRange
  ) {
    self.name = name
    self.resource = resource
    self.nodeLabels = nodeLabels.sorted { $0.key < $1.key }
    self.taints = taints
    self.capacity = capacity
    self.sharing = sharing
    self.origin = origin
  }
}

/// A node taint; workloads on the pool must tolerate it.
public struct Taint: Sendable, Equatable {
  public var key: String
  public var value: String?
  public var effect: String

  public init(key: String, value: String?, effect: String) {
    self.key = key
    self.value = value
    self.effect = effect
  }
}

/// The Kubernetes kinds a policy's `match.kinds` may name, with the REST coordinates admission needs.
public struct KubernetesKind: Sendable, Hashable {
  public var kind: String
  /// API group ("" for the core group).
  public var group: String
  public var version: String
  /// Plural resource name, as `resourceRules` expects.
  public var resource: String
  public var namespaced: Bool

  /// `group/version` or `version` for the core group.
  public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
}

/// The table of known kinds (workloads, the objects Paved renders, and their CRDs).
public enum KubernetesKinds {
  public static let all: [KubernetesKind] = [
    .init(kind: "Pod", group: "", version: "v1", resource: "pods", namespaced: true),
    .init(kind: "Namespace", group: "", version: "v1", resource: "namespaces", namespaced: false),
    .init(kind: "ServiceAccount", group: "", version: "v1", resource: "serviceaccounts", namespaced: true),
    .init(kind: "Service", group: "", version: "v1", resource: "services", namespaced: true),
    .init(kind: "ConfigMap", group: "", version: "v1", resource: "configmaps", namespaced: true),
    .init(kind: "ResourceQuota", group: "", version: "v1", resource: "resourcequotas", namespaced: true),
    .init(kind: "LimitRange", group: "", version: "v1", resource: "limitranges", namespaced: true),
    .init(kind: "Deployment", group: "apps", version: "v1", resource: "deployments", namespaced: true),
    .init(kind: "StatefulSet", group: "apps", version: "v1", resource: "statefulsets", namespaced: true),
    .init(kind: "DaemonSet", group: "apps", version: "v1", resource: "daemonsets", namespaced: true),
    .init(kind: "ReplicaSet", group: "apps", version: "v1", resource: "replicasets", namespaced: true),
    .init(kind: "Job", group: "batch", version: "v1", resource: "jobs", namespaced: true),
    .init(kind: "CronJob", group: "batch", version: "v1", resource: "cronjobs", namespaced: true),
    .init(kind: "NetworkPolicy", group: "networking.k8s.io", version: "v1", resource: "networkpolicies", namespaced: true),
    .init(kind: "RoleBinding", group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings", namespaced: true),
    .init(kind: "Role", group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", namespaced: true),
    .init(kind: "ClusterRole", group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", namespaced: false),
    .init(kind: "PriorityClass", group: "scheduling.k8s.io", version: "v1", resource: "priorityclasses", namespaced: false),
    .init(kind: "InferenceService", group: "serving.kserve.io", version: "v1beta1", resource: "inferenceservices", namespaced: true),
    .init(kind: "ClusterQueue", group: "kueue.x-k8s.io", version: "v1beta2", resource: "clusterqueues", namespaced: false),
    .init(kind: "LocalQueue", group: "kueue.x-k8s.io", version: "v1beta2", resource: "localqueues", namespaced: true),
    .init(kind: "ResourceFlavor", group: "kueue.x-k8s.io", version: "v1beta2", resource: "resourceflavors", namespaced: false),
    .init(kind: "WorkloadPriorityClass", group: "kueue.x-k8s.io", version: "v1beta2", resource: "workloadpriorityclasses", namespaced: false),
    .init(kind: "PrometheusRule", group: "monitoring.coreos.com", version: "v1", resource: "prometheusrules", namespaced: true),
    .init(kind: "PodMonitor", group: "monitoring.coreos.com", version: "v1", resource: "podmonitors", namespaced: true),
    .init(kind: "PodDisruptionBudget", group: "policy", version: "v1", resource: "poddisruptionbudgets", namespaced: true),
    .init(kind: "ClusterStorageContainer", group: "serving.kserve.io", version: "v1alpha1", resource: "clusterstoragecontainers", namespaced: false),
  ]

  /// The kind named `name`.
  public static func named(_ name: String) -> KubernetesKind? { all.first { $0.kind == name } }

  /// Every kind name, for did-you-mean.
  public static var names: [String] { all.map(\.kind) }
}

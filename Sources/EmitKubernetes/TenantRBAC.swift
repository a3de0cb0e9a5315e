import Artifacts
import PlatformModel

/// What a tenant's owners may do in their namespaces: a ClusterRole Paved emits (once per
/// environment, in `cluster/`) instead of `edit`, bound in each tenant namespace by a RoleBinding, so
/// it grants nothing outside that namespace and owners cannot change it.
///
/// `edit` lets owners delete the NetworkPolicies, ResourceQuota and LimitRange that isolate and cap
/// the tenant, yet KServe aggregates no role into it, so they could not even read their own
/// InferenceServices. This Role gives full control of workloads (including the suspend-based kinds
/// Kueue admits: Jobs, JobSets, RayJobs, PyTorchJobs), and read-only access to everything Paved
/// manages in the namespace: InferenceServices, queues, policies, quotas, monitors, budgets.
enum TenantRBAC {
  static let roleName = "paved-tenant-owner"

  static let all = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
  static let read = ["get", "list", "watch"]

  /// (API groups, resources, verbs), in the order written.
  static let rules: [([String], [String], [String])] = [
    (
      [""],
      [
        "configmaps", "endpoints", "persistentvolumeclaims", "pods", "pods/attach", "pods/exec", "pods/portforward", "secrets", "serviceaccounts",
        "services",
      ], all
    ),
    ([""], ["events", "limitranges", "pods/log", "pods/status", "resourcequotas"], read),
    (["apps"], ["deployments", "replicasets", "statefulsets"], all),
    (["autoscaling"], ["horizontalpodautoscalers"], all),
    (["batch"], ["cronjobs", "jobs"], all),
    (["jobset.x-k8s.io"], ["jobsets"], all),
    (["ray.io"], ["rayclusters", "rayjobs"], all),
    (["kubeflow.org"], ["pytorchjobs"], all),
    (["networking.k8s.io"], ["ingresses"], all),
    (["networking.k8s.io"], ["networkpolicies"], read),
    (["policy"], ["poddisruptionbudgets"], read),
    (["serving.kserve.io"], ["inferenceservices", "inferenceservices/status"], read),
    (["kueue.x-k8s.io"], ["localqueues", "workloads"], read),
    (["monitoring.coreos.com"], ["podmonitors", "prometheusrules"], read),
  ]

  static let rulesValue: KValue = .list(
    rules.map { groups, resources, verbs in
      .object([
        "apiGroups": .list(groups.map { .string($0) }), "resources": .list(resources.map { .string($0) }), "verbs": .list(verbs.map { .string($0) }),
      ])
    })

  static func clusterRole(_ path: String, _ c: EmitContext) -> Artifact {
    c.manifest(path, "rbac.authorization.k8s.io/v1", "ClusterRole", name: roleName, labels: c.commonLabels(), annotations: c.wave(-3), origin: nil) {
      b in
      b.field("rules", rulesValue)
    }
  }
}

import Artifacts

/// Fields the Kubernetes API server refuses to change on an existing object, per kind.
///
/// A change to one of them cannot be applied in place: the plan marks the object `replace`
/// (delete, then create). The table is deliberately small and covers the kinds Paved emits or
/// that commonly sit beside them; a path matches itself and everything under it.
///
/// | kind | immutable field | why |
/// |---|---|---|
/// | LocalQueue | `spec.clusterQueue` | Kueue's CRD rule: "field is immutable" |
/// | RoleBinding, ClusterRoleBinding | `roleRef` | RBAC: roleRef cannot be updated |
/// | PriorityClass | `value` | scheduling.k8s.io: value may not be changed in an update |
/// | Service | `spec.clusterIP` | core/v1: clusterIP cannot be changed once allocated |
/// | Deployment, StatefulSet, DaemonSet, ReplicaSet | `spec.selector` | apps/v1: selector is immutable |
/// | StatefulSet | `spec.volumeClaimTemplates`, `spec.serviceName` | apps/v1 |
/// | Job | `spec.selector`, `spec.template` | batch/v1 |
/// | PersistentVolumeClaim | `spec.storageClassName`, `spec.volumeName`, `spec.accessModes` | core/v1 |
/// | Secret | `type` | core/v1: a Secret's type is immutable |
///
/// Renaming an object (a Namespace, any name) changes its identity, so it is planned as a
/// delete plus a create, never as an update.
public struct ImmutableFields: Sendable {
  /// kind → field paths (as key lists).
  public var table: [String: [[String]]]

  public init(table: [String: [[String]]]) { self.table = table }

  /// The table above.
  public static let kubernetes = ImmutableFields(table: [
    "LocalQueue": [["spec", "clusterQueue"]],
    "RoleBinding": [["roleRef"]],
    "ClusterRoleBinding": [["roleRef"]],
    "PriorityClass": [["value"]],
    "Service": [["spec", "clusterIP"]],
    "Deployment": [["spec", "selector"]],
    "ReplicaSet": [["spec", "selector"]],
    "DaemonSet": [["spec", "selector"]],
    "StatefulSet": [["spec", "selector"], ["spec", "volumeClaimTemplates"], ["spec", "serviceName"]],
    "Job": [["spec", "selector"], ["spec", "template"]],
    "PersistentVolumeClaim": [["spec", "storageClassName"], ["spec", "volumeName"], ["spec", "accessModes"]],
    "Secret": [["type"]],
  ])

  /// True when `keys` (the map keys leading to a field) is an immutable field of `kind` or lies inside one.
  public func isImmutable(kind: String, keys: [String]) -> Bool {
    guard let paths = table[kind] else { return false }
    return paths.contains { keys.count >= $0.count && Array(keys.prefix($0.count)) == $0 }
  }
}

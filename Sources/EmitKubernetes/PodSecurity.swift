import Artifacts
import PlatformModel

/// The security contexts that let KServe's pods pass a namespace's Pod Security level
/// (k8s.io/pod-security-admission `policy/check_*.go`).
///
/// `restricted` needs, per pod or per container, `runAsNonRoot: true` and a RuntimeDefault or
/// Localhost seccomp profile, and per container `allowPrivilegeEscalation: false` and
/// `capabilities.drop: [ALL]`. KServe takes the pod security context only from the
/// InferenceService, merges the model container's from `predictor.model` over the runtime's, and
/// gives the storage-initializer only what its ClusterStorageContainer says. The pod runs as UID
/// 1000, the non-root user of KServe's server images (the Hugging Face server and Triton), so the
/// kubelet can verify `runAsNonRoot` whatever user an image names.
/// `baseline` allows root, so only the settings that cost nothing are kept.
enum PodSecurity {
  static let uid = 1000

  static func pod(_ level: PodSecurityLevel) -> KValue {
    switch level {
    case .restricted: return restrictedPod
    case .baseline: return baselinePod
    }
  }

  static func container(_ level: PodSecurityLevel) -> KValue {
    switch level {
    case .restricted: return restrictedContainer
    case .baseline: return baselineContainer
    }
  }

  static let seccomp: KValue = .object(["type": .string("RuntimeDefault")])

  static let restrictedPod: KValue = .object([
    "fsGroup": .int(uid), "runAsGroup": .int(uid), "runAsNonRoot": .bool(true), "runAsUser": .int(uid), "seccompProfile": seccomp,
  ])
  static let baselinePod: KValue = .object(["seccompProfile": seccomp])

  static let restrictedContainer: KValue = .object([
    "allowPrivilegeEscalation": .bool(false), "capabilities": .object(["drop": .list([.string("ALL")])]), "runAsNonRoot": .bool(true),
    "seccompProfile": seccomp,
  ])
  static let baselineContainer: KValue = .object(["allowPrivilegeEscalation": .bool(false)])
}

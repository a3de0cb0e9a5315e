import Diagnostics
import SpecAST

/// A model pinned with an `oci://` artifact runs as a KServe modelcar: KServe adds a `modelcar`
/// container and a `modelcar-init` init container whose only security setting is `runAsUser`
/// (`pkg/utils/storage.go` `CreateModelcarContainer`). `restricted` Pod Security requires
/// `allowPrivilegeEscalation: false` and `capabilities.drop: [ALL]` on every container, which
/// nothing can give them, so such a pod is refused in a restricted namespace.
struct ServingPodSecurityCheck: SpecCheck {
  let id = "serving-pod-security"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var modelTenant: [String: String] = [:]
    for model in input.platform.spec.models where model.serving != nil {
      if let name = model.name?.value, let tenant = model.tenant?.value { modelTenant[name] = tenant }
    }
    var restricted: [String: SourceRange] = [:]
    for tenant in input.platform.spec.tenants where (tenant.podSecurity?.value ?? "restricted") == "restricted" {
      if let name = tenant.name { restricted[name.value] = tenant.podSecurity?.range ?? name.range }
    }
    for env in input.orderedEnvironments {
      for pin in env.models {
        guard let tenant = modelTenant[pin.key.value], let level = restricted[tenant] else { continue }
        for artifact in [pin.value.artifact, pin.value.canary?.artifact].compactMap({ $0 }) where artifact.value.hasPrefix("oci://") {
          out.append(
            .error(
              .servingPodSecurity,
              "'\(pin.key.value)' is served from an oci:// artifact, whose KServe modelcar containers 'restricted' Pod Security refuses",
              at: artifact.range, path: artifact.path,
              notes: [
                DiagnosticNote(
                  "KServe gives the modelcar containers only runAsUser; restricted also requires allowPrivilegeEscalation: false and capabilities.drop: [ALL]"
                ),
                DiagnosticNote("use an s3://, gs://, hf:// or pvc:// artifact, or set podSecurity: baseline on tenant '\(tenant)'", at: level),
              ]))
        }
      }
    }
    return out
  }
}

extension DiagnosticCode {
  public static let servingPodSecurity = DiagnosticCode("check.serving-pod-security")
}

import Artifacts
import Diagnostics
import EmitAdmission
import PlatformModel
import Policy
import VirtualFileSystem

/// Reads the policy directory beside platform.yaml and renders its admission policies.
enum PolicyFiles {
  /// Loads every `*.yaml` directly in `directory` (sorted) into `result.policies`; absent directory: none.
  static func load(_ fs: any ReadOnlyFileSystem, directory: String, _ request: CompileRequest, _ result: inout CompileResult) {
    guard fs.entryKind(directory) == .directory else { return }
    let names: [String]
    do {
      names = try fs.listDirectory(directory)
    } catch {
      result.diagnostics.append(.error(.unreadableInput, error.message, at: .file(request.display(directory))))
      return
    }
    for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      let path = TreePath.join(directory, name)
      guard fs.isFile(path) else { continue }
      let shown = request.display(path)
      do {
        let bytes = try fs.readFile(path, limit: request.limits.maxFileBytes)
        result.policies.load(bytes, file: shown, source: path, limits: request.limits)
      } catch {
        let code: DiagnosticCode = if case .tooLarge = error { .fileTooLarge } else { .unreadableInput }
        result.diagnostics.append(.error(code, error.message, at: .file(shown)))
      }
    }
    result.diagnostics.append(contentsOf: result.policies.diagnostics)
    result.sources.merge(result.policies.sources)
  }

  /// `ValidatingAdmissionPolicy` + binding per object-scope policy, per environment's `cluster/`.
  static func admission(_ policies: [CompiledPolicy], platform: Platform, environments: [String]) -> (
    artifacts: [String: [Artifact]], diagnostics: [Diagnostic]
  ) {
    guard policies.contains(where: { $0.scope == .object }) else { return ([:], []) }
    let value = PlatformValue.make(platform)
    var artifacts: [String: [Artifact]] = [:]
    var diagnostics: [Diagnostic] = []
    let annotations = platform.gitops.engine == .argocd ? [("argocd.argoproj.io/sync-wave", "-5")] : []
    for (i, env) in environments.enumerated() {
      let labels = [("app.kubernetes.io/managed-by", "paved"), ("paved.dev/environment", env), ("paved.dev/platform", platform.name)]
      let out = AdmissionEmitter.emit(
        policies, env: env, kubernetesMinor: platform.kubernetesMinor, platform: value, labels: labels, annotations: annotations,
        systemNamespaces: platform.systemNamespaces, platformName: platform.name)
      artifacts[env] = out.artifacts
      // The same policy is reported once, not once per environment.
      if i == 0 { diagnostics += out.diagnostics }
    }
    diagnostics += KServeImageCheck.warnings(policies, platform: platform, value: value)
    return (artifacts, diagnostics)
  }
}

import Diagnostics
import SpecAST

/// `spec.gitops`: the output path stays inside the repository; repoURL is a URL; reserved names unused.
struct GitOpsCheck: SpecCheck {
  let id = "gitops"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    if let path = input.platform.spec.gitops?.path {
      let parts = path.value.split(separator: "/")
      if path.value.hasPrefix("/") || parts.contains("..") || parts.allSatisfy({ $0 == "." }) {
        out.append(
          .error(
            .invalidGitOps, "output path '\(path.value)' must be a directory inside the repository", at: path.range, path: path.path,
            notes: [DiagnosticNote("use a relative path without '..', such as deploy")]))
      }
    }
    if let url = input.platform.spec.gitops?.repoURL, !(url.value.contains("://") || url.value.hasPrefix("git@")) {
      out.append(.error(.invalidGitOps, "repoURL '\(url.value)' is not a git URL", at: url.range, path: url.path))
    }
    if let gitops = input.platform.spec.gitops { out += Self.wiring(gitops, environments: input.platform.spec.environments.map(\.value)) }
    for pool in input.platform.spec.gpuPools {
      if let name = pool.name, name.value == "default" {
        out.append(.error(.invalidName, "the pool name 'default' is reserved for the CPU/memory flavor", at: name.range, path: name.path))
      }
    }
    for env in input.platform.spec.environments where env.value == "gitops" {
      out.append(.error(.invalidName, "the environment name 'gitops' is reserved for the GitOps wiring directory", at: env.range, path: env.path))
    }
    if let o = input.platform.spec.observability {
      if let d = o.pendingWorkloadsFor, !Self.isPrometheusDuration(d.value) {
        out.append(
          .error(
            .invalidObservability, "invalid duration '\(d.value)'", at: d.range, path: d.path,
            notes: [DiagnosticNote("expected a Prometheus duration such as 30m or 2h")]))
      }
      if let p = o.quotaUsagePercent, !(1...100).contains(p.value) {
        out.append(.error(.invalidObservability, "quotaUsagePercent must be between 1 and 100, found \(p.value)", at: p.range, path: p.path))
      }
      if let u = o.runbookBaseURL, !u.value.hasPrefix("https://") {
        out.append(.error(.invalidObservability, "runbookBaseURL must be an https:// URL", at: u.range, path: u.path))
      }
      for label in o.ruleLabels ?? [] {
        let key = label.key.value
        if key == "app.kubernetes.io/managed-by" || key.hasPrefix("paved.dev/") {
          out.append(
            .error(
              .invalidObservability, "rule label '\(key)' is one Paved sets itself", at: label.key.range, path: label.key.path,
              notes: [DiagnosticNote("ruleLabels are for the Prometheus Operator's selectors, e.g. release: kube-prometheus-stack")]))
        } else if !DNS.isLabelValue(label.value.value) {
          out.append(
            .error(
              .invalidObservability, "rule label value '\(label.value.value)' is not a valid label value", at: label.value.range,
              path: label.value.path,
              notes: [DiagnosticNote("at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit")]))
        }
      }
    }
    return out
  }

  /// `<digits><unit>` with unit ms, s, m, h, d, w or y.
  static func isPrometheusDuration(_ s: String) -> Bool {
    let digits = s.prefix { $0.isASCII && $0.isNumber }
    return !digits.isEmpty && ["ms", "s", "m", "h", "d", "w", "y"].contains(String(s.dropFirst(digits.count)))
  }
}

extension DiagnosticCode {
  public static let invalidGitOps = DiagnosticCode("check.invalid-gitops")
}

extension GitOpsCheck {
  /// `runsIn`, sync windows, secrets and notifications.
  static func wiring(_ gitops: GitOpsSpec, environments: [String]) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let engine = gitops.engine?.value ?? "argocd"
    func known(_ env: Located<String>) {
      if !environments.contains(env.value) { out.append(unresolved("environment", env, candidates: environments)) }
    }
    if let runsIn = gitops.runsIn { known(runsIn) }
    for secret in [gitops.secretRef, gitops.notifications?.secretRef].compactMap({ $0 }) where !DNS.isSubdomain(secret.value) {
      out.append(.error(.invalidName, "invalid Secret name '\(secret.value)'", at: secret.range, path: secret.path))
    }
    if engine == "argocd" {
      for field in [gitops.secretRef, gitops.notifications?.type].compactMap({ $0 }) {
        out.append(
          .error(
            .invalidGitOps, "this setting is for Flux; Argo CD keeps repository credentials and notifications in its own configuration",
            at: field.range, path: field.path))
      }
    } else if let first = gitops.syncWindows.first {
      out.append(
        .error(
          .invalidGitOps, "sync windows are an Argo CD setting", at: first.range, path: first.path,
          notes: [DiagnosticNote("with Flux, suspend a Kustomization instead")]))
    }
    if let n = gitops.notifications, engine == "flux", n.secretRef == nil, let type = n.type {
      out.append(
        .error(
          .invalidGitOps, "a '\(type.value)' notification provider needs secretRef: the Secret with its address or token", at: type.range,
          path: type.path))
    }
    for window in gitops.syncWindows {
      window.environments.forEach(known)
      if let schedule = window.schedule, schedule.value.split(separator: " ").count != 5 {
        out.append(
          .error(
            .invalidGitOps, "schedule '\(schedule.value)' is not a cron expression", at: schedule.range, path: schedule.path,
            notes: [DiagnosticNote("five fields: minute hour day-of-month month day-of-week, e.g. \"0 22 * * *\"")]))
      }
      if let duration = window.duration, !isWindowDuration(duration.value) {
        out.append(
          .error(
            .invalidGitOps, "duration '\(duration.value)' is not a duration", at: duration.range, path: duration.path,
            notes: [DiagnosticNote("e.g. 30m, 1h or 1h30m")]))
      }
    }
    return out
  }

  /// Go durations in hours and minutes (`1h`, `30m`, `1h30m`), which Argo CD's windows take.
  static func isWindowDuration(_ s: String) -> Bool {
    var digits = 0
    var units = 0
    for ch in s {
      if ch.isASCII && ch.isNumber {
        digits += 1
      } else if ch == "h" || ch == "m", digits > 0 {
        digits = 0
        units += 1
      } else {
        return false
      }
    }
    return digits == 0 && units > 0
  }
}

import Diagnostics
import SpecAST

/// `spec.ci`: what the emitted workflows need to be safe and to run at all, checked before anything
/// is rendered. Pull-request jobs run the pull request's own files (platform.yaml, policies), so
/// nothing may hand them a write token or secrets.
struct CICheck: SpecCheck {
  let id = "ci"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for env in input.orderedEnvironments {
      out += Self.owners(env.approvers ?? [], what: "approver")
    }
    guard let ci = input.platform.spec.ci else { return out }
    var seen: Set<String> = []
    for p in ci.providers where !seen.insert(p.value).inserted {
      out.append(.error(.invalidCI, "provider '\(p.value)' is listed twice", at: p.range, path: p.path))
    }
    if ci.providers.isEmpty, let range = ci.providersRange {
      out.append(
        .error(
          .invalidCI, "ci.providers is empty", at: range, path: ci.path.appending("providers"), notes: [DiagnosticNote("list github, gitlab or both")]
        ))
    }
    out += install(ci)
    out += refs(ci)
    out += apply(ci, input)
    for s in [ci.drift?.schedule, ci.promote?.schedule].compactMap({ $0 }) {
      guard let problem = Cron.problem(s.value) else { continue }
      out.append(
        .error(
          .invalidCI, "invalid schedule '\(s.value)': \(problem)", at: s.range, path: s.path,
          notes: [DiagnosticNote("expected five cron fields (minute hour day-of-month month day-of-week, UTC), e.g. \"17 6 * * 1-5\"")]))
    }
    out += requiredChecks(ci)
    out += codeowners(ci, input)
    out += untrusted(ci)
    if let fetch = ci.modelArtifacts?.fetch, fetch.value.contains("${{") {
      out.append(
        .error(
          .ciUntrustedCode, "the fetch command must not contain '${{': GitHub would expand it into the script", at: fetch.range, path: fetch.path,
          notes: [DiagnosticNote("read PAVED_MODEL, PAVED_ENVIRONMENT, PAVED_ARTIFACT and PAVED_DIRECTORY from the environment instead")]))
    }
    return out
  }

  private func install(_ ci: CISpec) -> [Diagnostic] {
    guard let paved = ci.paved else { return [] }
    var out: [Diagnostic] = []
    switch (paved.image, paved.source) {
    case (nil, nil):
      out.append(
        .error(
          .invalidCI, "ci.paved names neither an image nor a source revision", at: paved.range, path: paved.path,
          notes: [DiagnosticNote("give image: REGISTRY/NAME@sha256:DIGEST, or source: { repository: URL, revision: COMMIT }")]))
    case (let image?, _?):
      out.append(
        .error(
          .invalidCI, "ci.paved names both an image and a source revision", at: image.range, path: image.path, notes: [DiagnosticNote("keep one")]))
    case (let image?, nil):
      if !Self.isPinnedImage(image.value) {
        out.append(
          .error(
            .ciUnpinned, "image '\(image.value)' is not pinned by digest", at: image.range, path: image.path,
            notes: [
              DiagnosticNote(
                "a tag can be moved to other bytes; write NAME@sha256:<64 hex digits> (docker buildx imagetools inspect NAME:TAG shows it)")
            ]))
      }
    case (nil, let source?):
      if let r = source.revision, !Self.isHex(r.value, count: 40) {
        out.append(
          .error(
            .ciUnpinned, "revision '\(r.value)' is not a full commit SHA", at: r.range, path: r.path,
            notes: [DiagnosticNote("a branch or tag can move; write the 40-hex-digit commit")]))
      }
      if let repo = source.repository, !repo.value.hasPrefix("https://") {
        out.append(
          .error(
            .invalidCI, "repository '\(repo.value)' is not an https:// URL", at: repo.range, path: repo.path,
            notes: [DiagnosticNote("CI fetches paved's source anonymously over HTTPS")]))
      }
      if let gitlab = ci.providers.first(where: { $0.value == "gitlab" }) {
        out.append(
          .error(
            .invalidCI, "GitLab jobs run in a container image: ci.paved needs an image", at: gitlab.range, path: gitlab.path,
            notes: [DiagnosticNote("build one with paved's Dockerfile and pin it by digest in ci.paved.image")]))
      }
    }
    return out
  }

  private func refs(_ ci: CISpec) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for ref in [ci.defaultBranch, ci.apply?.branch].compactMap({ $0 }) where !Self.isBranchName(ref.value) {
      out.append(
        .error(
          .invalidCI, "'\(ref.value)' is not a valid branch name", at: ref.range, path: ref.path,
          notes: [DiagnosticNote("no spaces, '..', '~', '^', ':', '?', '*', '[', '\\\\', and no leading '-' or '/'")]))
    }
    for label in ci.runner ?? [] where label.value.contains("${{") {
      out.append(.error(.invalidCI, "runner label '\(label.value)' contains an expression", at: label.range, path: label.path))
    }
    return out
  }

  private func apply(_ ci: CISpec, _ input: CheckInput) -> [Diagnostic] {
    guard let apply = ci.apply else { return [] }
    var out: [Diagnostic] = []
    let method = apply.method?.value
    if method == "branch" && apply.branch == nil {
      out.append(
        .error(
          .missingKey, "ci.apply with method branch needs the branch to commit to", at: apply.range, path: apply.path.appending("branch"),
          notes: [DiagnosticNote("e.g. branch: deploy (the branch your GitOps engine reads)")]))
    }
    if method == "directory", let branch = apply.branch {
      out.append(
        .error(
          .invalidCI, "method directory writes the output directory of the default branch; 'branch' does not apply", at: branch.range,
          path: branch.path))
    }
    if let branch = apply.branch, branch.value == (ci.defaultBranch?.value ?? "main") {
      out.append(
        .error(
          .invalidCI, "the deploy branch cannot be the default branch '\(branch.value)'", at: branch.range, path: branch.path,
          notes: [DiagnosticNote("use method: directory to keep the rendered tree on the default branch")]))
    }
    let declared = input.platform.spec.environments.map(\.value)
    var seen: Set<String> = []
    for env in apply.environments ?? [] {
      if !declared.contains(env.value) {
        var notes: [DiagnosticNote] = []
        if let s = Suggestion.didYouMean(env.value, in: declared) { notes.append(DiagnosticNote(s)) }
        notes.append(DiagnosticNote("declared environments: \(declared.joined(separator: ", "))"))
        out.append(.error(.unresolvedReference, "unknown environment '\(env.value)'", at: env.range, path: env.path, notes: notes))
      } else if !seen.insert(env.value).inserted {
        out.append(.error(.invalidCI, "environment '\(env.value)' is listed twice", at: env.range, path: env.path))
      }
    }
    return out
  }

  private func requiredChecks(_ ci: CISpec) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var seen: Set<String> = []
    for check in ci.requiredChecks ?? [] {
      if !seen.insert(check.value).inserted {
        out.append(.error(.invalidCI, "check '\(check.value)' is listed twice", at: check.range, path: check.path))
      } else if check.value == "models" && ci.modelArtifacts == nil {
        out.append(
          .error(
            .invalidCI, "the models job runs only with ci.modelArtifacts (how CI fetches an artifact)", at: check.range, path: check.path,
            notes: [DiagnosticNote("add modelArtifacts: { fetch: COMMAND } or drop 'models'")]))
      }
    }
    return out
  }

  private func codeowners(_ ci: CISpec, _ input: CheckInput) -> [Diagnostic] {
    var out = Self.owners(ci.codeowners?.platform ?? [], what: "platform owner")
    if let org = ci.codeowners?.org, !org.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
      out.append(
        .error(
          .invalidCI, "org '\(org.value)' is not an organisation or group name", at: org.range, path: org.path,
          notes: [DiagnosticNote("write the name alone: acme, not @acme or https://github.com/acme")]))
    }
    if let file = ci.codeowners?.file, file.value == ".github/CODEOWNERS", ci.providers.contains(where: { $0.value == "gitlab" }) {
      out.append(
        .error(
          .invalidCI, "GitLab does not read .github/CODEOWNERS", at: file.range, path: file.path,
          notes: [DiagnosticNote("did you mean 'CODEOWNERS'? GitHub and GitLab both read it")]))
    }
    if ci.codeowners?.org == nil {
      let groups =
        input.platform.spec.tenants.flatMap(\.owners) + input.orderedEnvironments.flatMap { $0.approvers ?? [] } + (ci.codeowners?.platform ?? [])
      if let group = groups.first(where: { $0.value.hasPrefix("group:") }) {
        out.append(
          .error(
            .invalidCI, "owner '\(group.value)' is a group, but ci.codeowners.org is not set", at: group.range, path: group.path,
            notes: [DiagnosticNote("CODEOWNERS names a group as @ORG/NAME: set ci.codeowners.org (group:x becomes @ORG/x)")]))
      }
    }
    return out
  }

  private func untrusted(_ ci: CISpec) -> [Diagnostic] {
    var out: [Diagnostic] = []
    if let trigger = ci.pullRequests?.trigger, trigger.value == "pull_request_target" {
      out.append(
        .error(
          .ciUntrustedCode, "pull_request_target would run the pull request's code with a write token and the repository's secrets",
          at: trigger.range, path: trigger.path,
          notes: [
            DiagnosticNote("paved plan and check read the pull request's platform.yaml and policies: that is code the author controls"),
            DiagnosticNote("use pull_request (the default); forks then get a read-only token, and the plan still reaches the job summary"),
          ]))
    }
    for secret in ci.pullRequests?.secrets ?? [] {
      out.append(
        .error(
          .ciUntrustedCode, "secret '\(secret.value)' would be handed to pull-request jobs, which run the pull request's code", at: secret.range,
          path: secret.path,
          notes: [
            DiagnosticNote("plans compare two revisions of the repository and need no secrets; give credentials only to the apply and drift jobs")
          ]))
    }
    return out
  }

  static func owners(_ owners: [Located<String>], what: String) -> [Diagnostic] {
    owners.compactMap { owner in
      OwnersCheck.parse(owner.value) == nil
        ? .error(
          .invalidOwner, "invalid \(what) '\(owner.value)'", at: owner.range, path: owner.path,
          notes: [DiagnosticNote("expected 'group:NAME' or 'user:NAME'")]) : nil
    }
  }

  static func isHex(_ s: String, count: Int) -> Bool {
    s.utf8.count == count && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
  }

  static func isPinnedImage(_ s: String) -> Bool {
    guard let at = s.range(of: "@sha256:") else { return false }
    return !s[..<at.lowerBound].isEmpty && isHex(String(s[at.upperBound...]), count: 64) && !s.contains(" ")
  }

  /// git check-ref-format's rules, for one branch name.
  static func isBranchName(_ s: String) -> Bool {
    guard !s.isEmpty, !s.hasPrefix("-"), !s.hasPrefix("/"), !s.hasSuffix("/"), !s.hasSuffix("."), !s.hasSuffix(".lock") else { return false }
    if s.contains("..") || s.contains("//") || s.contains("@{") { return false }
    return s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"~^:?*[\\".unicodeScalars.contains($0) }
  }
}

extension DiagnosticCode {
  public static let invalidCI = DiagnosticCode("check.invalid-ci")
  /// A CI configuration that would run untrusted pull-request code with write access or secrets.
  public static let ciUntrustedCode = DiagnosticCode("check.ci-untrusted-code")
  /// paved itself not pinned (an image by tag, a source revision by branch).
  public static let ciUnpinned = DiagnosticCode("check.ci-unpinned")
}

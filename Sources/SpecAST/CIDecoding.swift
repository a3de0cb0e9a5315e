import Diagnostics
import SpecSyntax

extension SpecDecoder {
  /// `spec.ci`: every key strictly, every closed set as `oneOf`.
  func ci(_ node: LocatedNode, _ path: DataPath) -> CISpec? {
    guard
      let m = mapping(
        node, path: path,
        rule: .platform("spec.ci"), what: "ci")
    else { return nil }
    var spec = CISpec(range: node.range, path: path)
    spec.providers = m.decode("providers") { list($0, path: $1) { oneOf($0, path: $1, allowed: ["github", "gitlab"]) } } ?? []
    // Only an empty list is "no provider"; a misspelt one was reported where it is.
    spec.providersRange = m["providers"]?.items?.isEmpty == true ? m["providers"]?.range : nil
    spec.paved = m.decode("paved") { node, p in
      guard let i = mapping(node, path: p, rule: .platform("spec.ci.paved"), what: "ci.paved (an image or a source revision)") else { return nil }
      return PavedInstallSpec(
        image: i.decode("image", nonEmptyString),
        source: i.decode("source") { node, p in
          guard let s = mapping(node, path: p, rule: .platform("spec.ci.paved.source"), what: "ci.paved.source")
          else { return nil }
          return PavedSourceSpec(repository: s.decode("repository", nonEmptyString), revision: s.decode("revision", nonEmptyString))
        }, range: node.range, path: p)
    }
    spec.runner = m.decode("runner") { list($0, path: $1, item: nonEmptyString) }
    spec.defaultBranch = m.decode("defaultBranch", nonEmptyString)
    spec.apply = m.decode("apply") { node, p in
      guard let a = mapping(node, path: p, rule: .platform("spec.ci.apply"), what: "ci.apply") else { return nil }
      return CIApplySpec(
        method: a.decode("method") { oneOf($0, path: $1, allowed: ["branch", "directory"]) }, branch: a.decode("branch", nonEmptyString),
        environments: a.decode("environments") { list($0, path: $1, item: nonEmptyString) }, range: node.range, path: p)
    }
    spec.drift = m.decode("drift") { node, p in
      guard let d = mapping(node, path: p, rule: .platform("spec.ci.drift"), what: "ci.drift") else { return nil }
      return CIDriftSpec(schedule: d.decode("schedule", nonEmptyString))
    }
    spec.promote = m.decode("promote") { node, p in
      guard let d = mapping(node, path: p, rule: .platform("spec.ci.promote"), what: "ci.promote") else { return nil }
      return CIDriftSpec(schedule: d.decode("schedule", nonEmptyString))
    }
    spec.requiredChecks = m.decode("requiredChecks") { list($0, path: $1) { oneOf($0, path: $1, allowed: Self.ciChecks) } }
    spec.codeowners = m.decode("codeowners") { node, p in
      guard let c = mapping(node, path: p, rule: .platform("spec.ci.codeowners"), what: "ci.codeowners") else { return nil }
      return CodeownersSpec(
        file: c.decode("file") { oneOf($0, path: $1, allowed: Self.codeownersFiles) }, org: c.decode("org", nonEmptyString),
        platform: c.decode("platform") { list($0, path: $1, item: nonEmptyString) }, range: node.range, path: p)
    }
    spec.pullRequests = m.decode("pullRequests") { node, p in
      guard let r = mapping(node, path: p, rule: .platform("spec.ci.pullRequests"), what: "ci.pullRequests") else { return nil }
      return CIPullRequestsSpec(
        trigger: r.decode("trigger") { oneOf($0, path: $1, allowed: ["pull_request", "pull_request_target"]) },
        secrets: r.decode("secrets") { list($0, path: $1, item: nonEmptyString) })
    }
    spec.modelArtifacts = m.decode("modelArtifacts") { node, p in
      guard let a = mapping(node, path: p, rule: .platform("spec.ci.modelArtifacts"), what: "ci.modelArtifacts") else { return nil }
      return CIModelArtifactsSpec(fetch: a.decode("fetch", nonEmptyString))
    }
    return spec
  }

  /// The pull-request jobs `requiredChecks` may name.
  public static let ciChecks = ["ci-files", "validate", "check", "plan", "models"]
  /// Where forges read CODEOWNERS from.
  public static let codeownersFiles = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"]
}

import Diagnostics

/// `spec.ci`: the CI that runs paved, as written. Paved renders it into GitHub Actions workflows,
/// a GitLab CI include file and a CODEOWNERS block.
public struct CISpec: Sendable {
  /// `github`, `gitlab`, or both.
  public var providers: [Located<String>] = []
  /// Where `providers` is, when it is an empty list.
  public var providersRange: SourceRange?
  public var paved: PavedInstallSpec?
  /// GitHub `runs-on` labels; GitLab job tags.
  public var runner: [Located<String>]?
  /// The branch pull requests target and merges apply from (default `main`).
  public var defaultBranch: Located<String>?
  public var apply: CIApplySpec?
  public var drift: CIDriftSpec?
  /// When the scheduled `paved promote --all` runs (its pull requests wait for a person).
  public var promote: CIDriftSpec?
  /// Jobs a merge requires: one `paved` job needs them all, so branch protection names only it.
  public var requiredChecks: [Located<String>]?
  public var codeowners: CodeownersSpec?
  public var pullRequests: CIPullRequestsSpec?
  public var modelArtifacts: CIModelArtifactsSpec?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.ci.paved`: how CI gets the paved executable — an image pinned by digest, or a build of a
/// pinned source revision. Exactly one.
public struct PavedInstallSpec: Sendable {
  public var image: Located<String>?
  public var source: PavedSourceSpec?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.ci.paved.source`.
public struct PavedSourceSpec: Sendable {
  public var repository: Located<String>?
  public var revision: Located<String>?
}

/// `spec.ci.apply`: which environments a merge applies, and how.
public struct CIApplySpec: Sendable {
  /// `branch` (`paved apply --commit-to <branch>`, pushed) or `directory` (the output directory,
  /// committed back to the default branch).
  public var method: Located<String>?
  public var branch: Located<String>?
  public var environments: [Located<String>]?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.ci.drift`: when the scheduled drift check runs.
public struct CIDriftSpec: Sendable {
  /// Five-field cron, UTC.
  public var schedule: Located<String>?
}

/// `spec.ci.codeowners`: where Paved's CODEOWNERS block goes and how owners become forge handles.
public struct CodeownersSpec: Sendable {
  public var file: Located<String>?
  /// `group:x` becomes `@<org>/x`.
  public var org: Located<String>?
  /// Owners of platform.yaml, policies/ and the CI files.
  public var platform: [Located<String>]?
  public var range: SourceRange
  public var path: DataPath
}

/// `spec.ci.pullRequests`: what pull-request jobs may have. They run the pull request's code
/// (its platform.yaml and policies), so a trigger with the base repository's write token and
/// secrets, or secrets passed to them, are refused.
public struct CIPullRequestsSpec: Sendable {
  public var trigger: Located<String>?
  public var secrets: [Located<String>]?
}

/// `spec.ci.modelArtifacts`: how a pull-request job fetches a changed pin's artifact for
/// `paved model validate`: a shell command run with PAVED_MODEL, PAVED_ENVIRONMENT,
/// PAVED_ARTIFACT (the pinned URI) and PAVED_DIRECTORY (where to put it) in its environment.
public struct CIModelArtifactsSpec: Sendable {
  public var fetch: Located<String>?
}

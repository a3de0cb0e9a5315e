/// `spec.ci`, validated: what the emitted CI files are made from. Plain values, no spec positions
/// (the CI emitters never report errors: every check ran before lowering).
public struct CIConfig: Sendable, Equatable {
  public enum Provider: String, Sendable, CaseIterable { case github, gitlab }

  /// How CI gets paved.
  public enum Install: Sendable, Equatable {
    /// A container image pinned by digest (`registry/name@sha256:…`).
    case image(String)
    /// A build of `revision` (a full commit SHA) of the git repository at `repository`.
    case source(repository: String, revision: String)
  }

  /// How a merge applies an environment.
  public enum ApplyMethod: Sendable, Equatable {
    /// `paved apply --commit-to <branch>`, then push the branch.
    case branch(String)
    /// `paved apply` into the output directory, committed back to the default branch.
    case directory
  }

  /// The pull-request jobs, in the order they run.
  public enum Check: String, Sendable, CaseIterable {
    case ciFiles = "ci-files"
    case validate, check, plan, models
  }

  public var providers: [Provider]
  public var install: Install
  /// GitHub `runs-on` labels (default `ubuntu-24.04`); GitLab job tags (default none).
  public var runner: [String]?
  public var defaultBranch: String
  public var apply: ApplyMethod?
  /// Environments a merge applies, in promotion order.
  public var applyEnvironments: [String]
  /// Five-field cron of the drift check; nil: no scheduled drift check.
  public var driftSchedule: String?
  /// Five-field cron of `paved promote --all`; nil: promotions are started by hand.
  public var promoteSchedule: String? = nil
  public var requiredChecks: [Check]
  /// The CODEOWNERS file Paved keeps a block in.
  public var codeownersFile: String
  /// `group:x` becomes `@<org>/x`; nil: group owners are left out of CODEOWNERS (a check requires it
  /// when there are any).
  public var codeownersOrg: String?
  /// Owners of platform.yaml, policies/ and the CI files.
  public var platformOwners: [String]
  /// The command that fetches a pinned artifact for `paved model validate`, if any.
  public var fetchModelArtifact: String?

  public init(
    providers: [Provider], install: Install, runner: [String]?, defaultBranch: String, apply: ApplyMethod?, applyEnvironments: [String],
    driftSchedule: String?, requiredChecks: [Check], codeownersFile: String, codeownersOrg: String?, platformOwners: [String],
    fetchModelArtifact: String?
  ) {
    self.providers = providers
    self.install = install
    self.runner = runner
    self.defaultBranch = defaultBranch
    self.apply = apply
    self.applyEnvironments = applyEnvironments
    self.driftSchedule = driftSchedule
    self.requiredChecks = requiredChecks
    self.codeownersFile = codeownersFile
    self.codeownersOrg = codeownersOrg
    self.platformOwners = platformOwners
    self.fetchModelArtifact = fetchModelArtifact
  }

  public func uses(_ provider: Provider) -> Bool { providers.contains(provider) }

  /// The forge handle for an owner entry (`group:x` → `@org/x`; `user:a@b.c` → `a@b.c`, which
  /// CODEOWNERS accepts as an e-mail address; `user:x` → `@x`), or nil for a group without an org.
  public func handle(forOwner owner: String) -> String? {
    if owner.hasPrefix("group:") {
      guard let org = codeownersOrg else { return nil }
      return "@\(org)/\(owner.dropFirst(6))"
    }
    let user = owner.hasPrefix("user:") ? String(owner.dropFirst(5)) : owner
    return user.contains("@") ? user : "@" + user
  }
}

/// An environment's promotion policy, validated (`spec.promotion` of its file).
public struct PromotionPolicy: Sendable, Equatable {
  public enum Evidence: String, Sendable, CaseIterable { case contract, signature, compatible, check }

  /// The source environment; nil for the first environment without one (candidates come from an artifact).
  public var from: String?
  /// How long the candidate must have been pinned in `from`, in seconds.
  public var soakSeconds: Int
  public var requires: [Evidence]
  /// Promote as a canary with this share of the traffic first.
  public var canaryTraffic: Int?

  public init(from: String?, soakSeconds: Int = 0, requires: [Evidence] = Evidence.allCases, canaryTraffic: Int? = nil) {
    self.from = from
    self.soakSeconds = soakSeconds
    self.requires = requires
    self.canaryTraffic = canaryTraffic
  }
}

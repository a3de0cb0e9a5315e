import TestSupport
import XCTest

/// One test per `spec.ci` check: the code, and where it points.
final class CIDiagnosticsTests: XCTestCase {
  typealias E = ExpectedDiagnostic
  static let image = "ghcr.io/acme/paved@sha256:" + String(repeating: "0f", count: 32)
  static let revision = String(repeating: "a1", count: 20)

  /// The fixture platform (owners `group:ml-search`) with `ci` appended under `spec`.
  private func expect(_ expected: [E], ci: String, environments: [String: String]? = nil, file: StaticString = #filePath, line: UInt = #line) {
    SpecFixtures.expect(expected, platform: SpecFixtures.platform() + ci, environments: environments, file: file, line: line)
  }

  func testAValidConfigurationHasNoFindings() {
    expect(
      [],
      ci: """
          ci:
            providers: [github, gitlab]
            paved: { image: "\(Self.image)" }
            apply: { method: branch, branch: deploy, environments: [dev] }
            drift: { schedule: "17 6 * * 1-5" }
            requiredChecks: [validate, plan]
            codeowners: { file: CODEOWNERS, org: acme }

        """)
  }

  func testPullRequestTargetIsRefused() {
    expect(
      [E("1️⃣", "check.ci-untrusted-code", contains: "pull_request_target")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            pullRequests: { trigger: 1️⃣pull_request_target }

        """)
  }

  func testSecretsForPullRequestJobsAreRefused() {
    expect(
      [E("1️⃣", "check.ci-untrusted-code", contains: "'KUBECONFIG'")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            pullRequests: { secrets: [1️⃣KUBECONFIG] }

        """)
  }

  func testAnExpressionInTheFetchCommandIsRefused() {
    expect(
      [E("1️⃣", "check.ci-untrusted-code", contains: "${{")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            modelArtifacts: { fetch: 1️⃣"aws s3 sync ${{ github.event.pull_request.title }} x" }

        """)
  }

  func testAnImageByTagIsRefused() {
    expect(
      [E("1️⃣", "check.ci-unpinned", contains: "not pinned by digest")],
      ci: """
          ci:
            providers: [github]
            paved: { image: 1️⃣ghcr.io/acme/paved:1.2 }
            codeowners: { org: acme }

        """)
  }

  func testASourceRevisionMustBeACommit() {
    expect(
      [E("1️⃣", "check.ci-unpinned", contains: "full commit SHA")],
      ci: """
          ci:
            providers: [github]
            paved: { source: { repository: https://github.com/paved-dev/paved.git, revision: 1️⃣main } }
            codeowners: { org: acme }

        """)
  }

  func testGitLabNeedsAnImage() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "GitLab jobs run in a container image")],
      ci: """
          ci:
            providers: [1️⃣gitlab]
            paved: { source: { repository: https://github.com/paved-dev/paved.git, revision: \(Self.revision) } }
            codeowners: { org: acme }

        """)
  }

  func testNeitherOrBothInstallMethods() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "neither")],
      ci: """
          ci:
            providers: [github]
            paved: 1️⃣{}
            codeowners: { org: acme }

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "both")],
      ci: """
          ci:
            providers: [github]
            paved: { image: 1️⃣"\(Self.image)", source: { repository: https://x.example/p.git, revision: \(Self.revision) } }
            codeowners: { org: acme }

        """)
  }

  func testUnknownProviderSuggests() {
    expect(
      [E("1️⃣", "spec.invalid-value", contains: "githb")],
      ci: """
          ci:
            providers: [1️⃣githb]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }

        """)
  }

  func testUnknownKeySuggests() {
    expect(
      [E("1️⃣", "spec.unknown-key", contains: "'schedul'")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            drift: { 1️⃣schedul: "0 6 * * *" }

        """)
  }

  func testInvalidCron() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "hour '25'")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            drift: { schedule: 1️⃣"0 25 * * *" }

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "4 fields")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            drift: { schedule: 1️⃣"0 6 * *" }

        """)
  }

  func testThePromotionScheduleIsACron() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "minute '61'")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            promote: { schedule: 1️⃣"61 7 * * 1-5" }

        """)
  }

  func testApplyEnvironmentMustExist() {
    expect(
      [E("1️⃣", "check.unresolved-reference", contains: "'prd'")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            apply: { method: branch, branch: deploy, environments: [1️⃣prd] }

        """)
  }

  func testBranchMethodNeedsABranchThatIsNotTheDefault() {
    expect(
      [E("1️⃣", "spec.missing-key", contains: "branch")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            apply: 1️⃣{ method: branch }

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "default branch")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            apply: { method: branch, branch: 1️⃣main }

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "not a valid branch name")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            defaultBranch: 1️⃣"main..x"

        """)
  }

  func testGroupOwnersNeedAnOrg() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "ci.codeowners.org")],
      platform: SpecFixtures.platform(
        tenants: """
            - name: search
              owners: [1️⃣group:ml-search]
              quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
          """) + """
            ci:
              providers: [github]
              paved: { image: "\(Self.image)" }

          """)
  }

  func testGitLabCannotReadTheGitHubCodeownersPath() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: ".github/CODEOWNERS")],
      ci: """
          ci:
            providers: [gitlab]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme, file: 1️⃣.github/CODEOWNERS }

        """)
  }

  func testTheModelsCheckNeedsAFetchCommand() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "modelArtifacts")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            requiredChecks: [plan, 1️⃣models]

        """)
  }

  func testApproversAreOwners() {
    expect(
      [E("1️⃣", "check.invalid-owner", contains: "approver")], ci: "",
      environments: ["dev": SpecFixtures.environment().replacingOccurrences(of: "spec:\n", with: "spec:\n  approvers: [1️⃣team:sre]\n")])
  }

  func testProvidersEmptyOrRepeated() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "empty")],
      ci: """
          ci:
            providers: 1️⃣[]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "twice")],
      ci: """
          ci:
            providers: [github, 1️⃣github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }

        """)
  }

  func testTheSourceRepositoryIsHTTPS() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "https://")],
      ci: """
          ci:
            providers: [github]
            paved: { source: { repository: 1️⃣"git@github.com:paved-dev/paved.git", revision: \(Self.revision) } }
            codeowners: { org: acme }

        """)
  }

  func testOrgIsAName() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "'@acme'")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: 1️⃣"@acme" }

        """)
  }

  func testRunnerLabelsHoldNoExpressions() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "expression")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            runner: [1️⃣"${{ github.event.pull_request.title }}"]

        """)
  }

  func testApplyListsEachEnvironmentOnceAndDirectoryTakesNoBranch() {
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "twice")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            apply: { method: branch, branch: deploy, environments: [dev, 1️⃣dev] }

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "'branch' does not apply")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            apply: { method: directory, branch: 1️⃣deploy }

        """)
  }

  func testRequiredChecksAreKnownAndListedOnce() {
    expect(
      [E("1️⃣", "spec.invalid-value", contains: "plann")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            requiredChecks: [1️⃣plann]

        """)
    expect(
      [E("1️⃣", "check.invalid-ci", contains: "twice")],
      ci: """
          ci:
            providers: [github]
            paved: { image: "\(Self.image)" }
            codeowners: { org: acme }
            requiredChecks: [plan, 1️⃣plan]

        """)
  }

  func testMissingRequiredKeys() {
    expect(
      [E("1️⃣", "spec.missing-key", contains: "'paved'")],
      ci: """
          ci:
            1️⃣providers: [github]
            codeowners: { org: acme }

        """)
  }

  private func expect(_ expected: [E], platform: String, file: StaticString = #filePath, line: UInt = #line) {
    SpecFixtures.expect(expected, platform: platform, file: file, line: line)
  }
}

/// `contract.security.signers`.
final class SignerDiagnosticsTests: XCTestCase {
  typealias E = ExpectedDiagnostic

  private func model(_ security: String) -> String {
    SpecFixtures.platform(
      models: """
          - name: ranker
            tenant: search
            contract: { formats: [onnx], security: \(security) }
            serving: { format: onnx, resources: { cpu: 100m, memory: 256Mi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }
        """)
  }

  func testSignaturesRequiredNeedATrustedSigner() {
    SpecFixtures.expect([E("1️⃣", "check.no-trusted-signer", contains: "'ranker'")], platform: model("{ signed: 1️⃣true }"))
  }

  func testSignerPathsStayInsideTheRepository() {
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-signer", contains: "climbs out")], platform: model("{ signed: true, signers: [{ publicKey: 1️⃣../../etc/key.pem }] }"))
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-signer", contains: "absolute")], platform: model("{ signed: true, signers: [{ publicKey: 1️⃣/etc/key.pem }] }"))
  }

  func testASignerIsAKeyOrACertificate() {
    // (Neither file exists either: that is reported too, at each path.)
    SpecFixtures.expect(
      [E("1️⃣", "check.invalid-signer", contains: "not both"), E("1️⃣", "spec.signer-file-missing"), E("2️⃣", "spec.signer-file-missing")],
      platform: model("{ signers: [{ publicKey: 1️⃣k.pem, certificate: { identity: a@b.c, roots: 2️⃣r.pem } }] }"))
    SpecFixtures.expect([E("1️⃣", "spec.missing-key", contains: "'roots'")], platform: model("{ signers: [{ certificate: 1️⃣{ identity: a@b.c } }] }"))
  }

  func testASignerFileMustExist() {
    SpecFixtures.expect(
      [E("1️⃣", "spec.signer-file-missing", contains: "keys/release.pub.pem")],
      platform: model("{ signed: true, signers: [{ publicKey: 1️⃣keys/release.pub.pem }] }"))
  }
}

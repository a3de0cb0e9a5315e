import Artifacts
import PlatformModel

/// The third-party actions the workflows use, pinned to full commit SHAs (a tag can be moved).
/// The version is the tag the SHA was taken from, written in a comment after the `uses:` line.
enum Action {
  static let checkout = ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2")
  static let githubScript = ("actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea", "v7.0.1")
  static let uploadSarif = ("github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f", "v3.28.18")
  static let cache = ("actions/cache@5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3")
  static let all = [checkout, githubScript, uploadSarif, cache]
}

/// Pieces every GitHub workflow shares.
struct GitHubJobs {
  let platform: Platform
  let ci: CIConfig

  /// A job: runner, timeout, its own permissions, the paved container in image mode, then steps
  /// that start with a checkout without persisted credentials and paved's installation.
  func job(
    name: String, timeout: Int, permissions: KValue, needs: [String] = [], condition: String? = nil, fetchDepth: Int? = nil,
    environment env: [(String, KValue)] = [], bare: Bool = false, steps: [KValue]
  ) -> KValue {
    var m = KMap()
    m.append("name", .string(name))
    if !needs.isEmpty { m.append("needs", .list(needs.map { .string($0) })) }
    if let condition { m.append("if", .string(condition)) }
    m.append("runs-on", ci.runner.map { $0.count == 1 ? .string($0[0]) : .list($0.map { .string($0) }) } ?? "ubuntu-24.04")
    m.append("timeout-minutes", .int(timeout))
    m.append("permissions", permissions)
    if !bare, case .image(let image) = ci.install { m.append("container", .object(["image": .string(image)])) }
    if !env.isEmpty { m.append("env", .map(KMap(env.map { (key: $0.0, value: $0.1) }))) }
    var with: [(String, KValue)] = [("persist-credentials", false)]
    if let fetchDepth { with.append(("fetch-depth", .int(fetchDepth))) }
    m.append("steps", .list(bare ? steps : [uses(Action.checkout, name: "Check out", with: with)] + install() + steps))
    return .map(m)
  }

  /// `uses:` a pinned action, its version in the step name.
  func uses(_ action: (String, String), name: String, condition: String? = nil, env: [(String, KValue)] = [], with: [(String, KValue)] = []) -> KValue
  {
    var m = KMap()
    m.append("name", .string(name))
    if let condition { m.append("if", .string(condition)) }
    m.append("uses", .string(action.0))
    if !env.isEmpty { m.append("env", .map(KMap(env.map { (key: $0.0, value: $0.1) }))) }
    if !with.isEmpty { m.append("with", .map(KMap(with.map { (key: $0.0, value: $0.1) }))) }
    return .map(m)
  }

  /// A `run:` step. Untrusted values reach the script only through `env`.
  func run(_ name: String, id: String? = nil, condition: String? = nil, env: [(String, KValue)] = [], _ script: String) -> KValue {
    var m = KMap()
    m.append("name", .string(name))
    if let id { m.append("id", .string(id)) }
    if let condition { m.append("if", .string(condition)) }
    if !env.isEmpty { m.append("env", .map(KMap(env.map { (key: $0.0, value: $0.1) }))) }
    m.append("run", .string(script))
    return .map(m)
  }

  /// Installing paved: nothing for an image (the job runs in it); for a source revision, a build
  /// cached by revision.
  func install() -> [KValue] {
    guard case .source(let repository, let revision) = ci.install else {
      // The container runs as root over a checkout owned by the runner's user: git and libgit2
      // refuse such a repository unless it is marked safe.
      return [run("Trust the checkout", #"git config --global --add safe.directory "$GITHUB_WORKSPACE""#)]
    }
    return [
      uses(
        Action.cache, name: "Cache paved \(revision.prefix(12))",
        with: [("path", "${{ runner.temp }}/paved"), ("key", .string("paved-\(revision)-${{ runner.os }}"))]),
      run(
        "Install paved \(revision.prefix(12))",
        env: [("PAVED_REPOSITORY", .string(repository)), ("PAVED_REVISION", .string(revision))],
        """
        set -euo pipefail
        if [ ! -x "$RUNNER_TEMP/paved/bin/paved" ]; then
          git init -q "$RUNNER_TEMP/paved-src"
          git -C "$RUNNER_TEMP/paved-src" fetch -q --depth 1 "$PAVED_REPOSITORY" "$PAVED_REVISION"
          git -C "$RUNNER_TEMP/paved-src" checkout -q FETCH_HEAD
          make -C "$RUNNER_TEMP/paved-src" install PREFIX="$RUNNER_TEMP/paved"
        fi
        sudo apt-get install -y -qq libgit2-dev libssl-dev >/dev/null
        echo "$RUNNER_TEMP/paved/bin" >> "$GITHUB_PATH"
        """),
    ]
  }

  /// The workflow's top: name, trigger, no default permissions, concurrency.
  func workflow(name: String, on: KValue, concurrency: (group: String, cancel: Bool), jobs: [(String, KValue)]) -> KValue {
    .object([
      "name": .string(name),
      "on": on,
      "permissions": .map(KMap()),
      "concurrency": .object(["group": .string(concurrency.group), "cancel-in-progress": .bool(concurrency.cancel)]),
      "jobs": .map(KMap(jobs.map { (key: $0.0, value: $0.1) })),
    ])
  }

  /// Pushing with the job's token as an HTTP header (never in a URL, masked in logs).
  static let authenticatedGit = """
    auth="$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
    echo "::add-mask::$auth"
    git_auth() { git -c "http.$GITHUB_SERVER_URL/.extraheader=AUTHORIZATION: basic $auth" "$@"; }
    git config user.name "paved[bot]"
    git config user.email "paved[bot]@users.noreply.github.com"
    """
}

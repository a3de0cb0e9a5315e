import Artifacts
import PlatformModel

/// `.gitlab/paved.gitlab-ci.yml`, an include file Paved owns: merge-request jobs (CI files,
/// validate, policy gates as a JUnit report, the plan as one note), the apply on the protected
/// default branch, and the drift job of a pipeline schedule. It uses GitLab's default stages
/// (`test`, `deploy`) and defines no `stages`, `default` or `workflow`, which would override the
/// including file's.
struct GitLabPipeline {
  let platform: Platform
  let ci: CIConfig

  static func preamble(_ ci: CIConfig) -> [String] {
    var lines = [
      "# Include it from .gitlab-ci.yml:   include: [{ local: \(CIEmitter.gitlabInclude) }]",
      "# PAVED_GITLAB_TOKEN (a masked project access token with api and write_repository) posts the plan note and pushes;",
      "# without it the job token is used, which the instance must allow to do both.",
    ]
    if let schedule = ci.driftSchedule {
      lines.append("# Drift: add a pipeline schedule for \(ci.defaultBranch) with cron \"\(schedule)\" (UTC) and variable PAVED_JOB=drift.")
    }
    if let schedule = ci.promoteSchedule {
      lines.append("# Promotions: add a pipeline schedule for \(ci.defaultBranch) with cron \"\(schedule)\" (UTC) and variable PAVED_JOB=promote.")
    }
    return lines
  }

  static let mergeRequest: KValue = [.object(["if": "$CI_PIPELINE_SOURCE == \"merge_request_event\""])]

  func document() -> KValue {
    var hidden = KMap()
    if case .image(let image) = ci.install { hidden.append("image", .object(["name": .string(image), "entrypoint": [""]])) }
    if let tags = ci.runner { hidden.append("tags", .list(tags.map { .string($0) })) }
    hidden.append("timeout", "20m")
    var jobs: [(String, KValue)] = [
      (".paved", .map(hidden)),
      ("paved-validate", job(stage: "test", rules: Self.mergeRequest, script: ["paved ci check", "paved validate"])),
      (
        "paved-check",
        job(
          stage: "test", rules: Self.mergeRequest,
          script: [
            """
            set +e
            paved check --format junit > paved-check.xml
            status=$?
            paved check
            [ "$status" -eq 0 ]
            """
          ], extra: [("artifacts", .object(["when": "always", "reports": .object(["junit": "paved-check.xml"])]))])
      ),
      ("paved-plan", job(stage: "test", rules: Self.mergeRequest, script: [Self.plan], extra: [("variables", .object(["GIT_DEPTH": "0"]))])),
    ]
    if !ci.applyEnvironments.isEmpty {
      let onDefault: KValue = [
        .object([
          "if": .string("$CI_PIPELINE_SOURCE == \"push\" && $CI_COMMIT_BRANCH == \"\(ci.defaultBranch)\" && $CI_COMMIT_REF_PROTECTED == \"true\"")
        ])
      ]
      jobs.append(
        (
          "paved-apply",
          job(
            stage: "deploy", rules: onDefault, script: [Self.gitAuth] + ci.applyEnvironments.map(apply), interruptible: false,
            extra: [
              ("resource_group", "paved-apply"), ("variables", .object(["GIT_DEPTH": "0"])),
            ])
        ))
    }
    if ci.driftSchedule != nil {
      var script: [KValue] = []
      var against = ""
      if case .branch(let branch)? = ci.apply {
        script = [Self.gitAuth, .string("git_auth fetch -q origin \"+refs/heads/\(branch):refs/heads/\(branch)\"")]
        against = " --against refs/heads/\(branch)"
      }
      script.append(.string("paved plan --drift\(against) --detailed-exitcode"))
      jobs.append(
        (
          "paved-drift",
          job(stage: "test", rules: [.object(["if": "$CI_PIPELINE_SOURCE == \"schedule\" && $PAVED_JOB == \"drift\""])], script: script)
        ))
    }
    if ci.promoteSchedule != nil {
      jobs.append(
        (
          "paved-promote",
          job(
            stage: "deploy", rules: [.object(["if": "$CI_PIPELINE_SOURCE == \"schedule\" && $PAVED_JOB == \"promote\""])],
            script: [
              Self.gitAuth,
              .string(
                "PAVED_GIT_TOKEN=\"${PAVED_GITLAB_TOKEN:-$CI_JOB_TOKEN}\" CI_JOB_TOKEN=\"${PAVED_GITLAB_TOKEN:-$CI_JOB_TOKEN}\" paved promote --all\(ci.fetchModelArtifact == nil ? "" : " --fetch") --push origin --forge gitlab"
              ),
            ], interruptible: false, extra: [("resource_group", "paved-promote"), ("variables", .object(["GIT_DEPTH": "0"]))])
        ))
    }
    return .map(KMap(jobs.map { (key: $0.0, value: $0.1) }))
  }

  private func job(stage: String, rules: KValue, script: [KValue], interruptible: Bool = true, extra: [(String, KValue)] = []) -> KValue {
    var m = KMap()
    m.append("extends", ".paved")
    m.append("stage", .string(stage))
    m.append("rules", rules)
    m.append("interruptible", .bool(interruptible))
    for (k, v) in extra { m.append(k, v) }
    m.append("script", .list(script))
    return .map(m)
  }

  private func apply(_ env: String) -> KValue {
    switch ci.apply {
    case .branch(let branch)?:
      return .string(
        """
        if git_auth ls-remote --exit-code --heads origin "\(branch)" >/dev/null; then git_auth fetch -q origin "+refs/heads/\(branch):refs/heads/\(branch)"; fi
        paved apply --env \(env) --commit-to "\(branch)"
        git_auth push -q origin "refs/heads/\(branch):refs/heads/\(branch)"
        """)
    case .directory?, nil:
      return .string(
        """
        paved apply --env \(env)
        git add -A -- '\(platform.gitops.path)'
        if ! git diff --cached --quiet; then git commit -q -m "paved apply \(env) for $CI_COMMIT_SHA"; git_auth push -q origin "HEAD:refs/heads/\(ci.defaultBranch)"; fi
        """)
    }
  }

  /// git over HTTPS with the token in a header (never in a URL or a log line).
  static let gitAuth: KValue = """
    if [ -n "${PAVED_GITLAB_TOKEN:-}" ]; then auth="$(printf 'oauth2:%s' "$PAVED_GITLAB_TOKEN" | base64 -w0)"; else auth="$(printf 'gitlab-ci-token:%s' "$CI_JOB_TOKEN" | base64 -w0)"; fi
    git_auth() { git -c "http.extraHeader=Authorization: Basic $auth" "$@"; }
    git config user.name "paved[bot]"
    git config user.email "paved-bot@noreply.$CI_SERVER_HOST"
    """

  /// The plan as one merge-request note, found by its marker and edited in place.
  static let plan: KValue = """
    set +e
    paved plan --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format markdown --detailed-exitcode > paved-plan.md
    status=$?
    set -e
    if [ -n "${PAVED_GITLAB_TOKEN:-}" ]; then header="PRIVATE-TOKEN: $PAVED_GITLAB_TOKEN"; else header="JOB-TOKEN: $CI_JOB_TOKEN"; fi
    notes="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
    marker="$(head -n 1 paved-plan.md | sed 's/ base=.*//')"
    note="$(curl -sSf --header "$header" "$notes?per_page=100" | jq -r --arg m "$marker" '[.[] | select(.body | startswith($m))][0].id // empty')"
    jq -Rs '{body: .}' < paved-plan.md > paved-note.json
    if [ -n "$note" ]; then
      curl -sSf -X PUT --header "$header" --header "Content-Type: application/json" --data @paved-note.json "$notes/$note" > /dev/null
    else
      curl -sSf -X POST --header "$header" --header "Content-Type: application/json" --data @paved-note.json "$notes" > /dev/null
    fi
    [ "$status" -eq 0 ] || [ "$status" -eq 2 ]
    """
}

import Artifacts
import PlatformModel

/// `.github/workflows/paved-apply.yml`: on a push to the default branch, `paved apply` for each
/// environment in promotion order, one step each, in a concurrency group that never cancels a
/// running apply (a newer pending run replaces an older pending one: apply renders the whole
/// state, so nothing is lost).
struct GitHubApply {
  let platform: Platform
  let ci: CIConfig
  var jobs: GitHubJobs { GitHubJobs(platform: platform, ci: ci) }

  func workflow() -> KValue {
    let steps: [KValue]
    switch ci.apply {
    case .branch(let branch)?:
      steps = ci.applyEnvironments.map { env in
        jobs.run(
          "Apply \(env)", env: [("GITHUB_TOKEN", "${{ github.token }}"), ("DEPLOY_BRANCH", .string(branch))],
          """
          set -euo pipefail
          \(GitHubJobs.authenticatedGit)
          if git_auth ls-remote --exit-code --heads origin "$DEPLOY_BRANCH" >/dev/null; then
            git_auth fetch -q origin "+refs/heads/$DEPLOY_BRANCH:refs/heads/$DEPLOY_BRANCH"
          fi
          paved apply --env \(env) --commit-to "$DEPLOY_BRANCH"
          git_auth push -q origin "refs/heads/$DEPLOY_BRANCH:refs/heads/$DEPLOY_BRANCH"
          """)
      }
    case .directory?, nil:
      steps = ci.applyEnvironments.map { env in
        jobs.run(
          "Apply \(env)", env: [("GITHUB_TOKEN", "${{ github.token }}"), ("DEFAULT_BRANCH", .string(ci.defaultBranch))],
          """
          set -euo pipefail
          \(GitHubJobs.authenticatedGit)
          paved apply --env \(env)
          git add -A -- '\(platform.gitops.path)'
          if ! git diff --cached --quiet; then
            git commit -q -m "paved apply \(env) for $GITHUB_SHA"
            git_auth push -q origin "HEAD:refs/heads/$DEFAULT_BRANCH"
          fi
          """)
      }
    }
    return jobs.workflow(
      name: "paved apply", on: .object(["push": .object(["branches": [.string(ci.defaultBranch)]])]),
      concurrency: ("paved-apply", false),
      jobs: [("apply", jobs.job(name: "apply", timeout: 30, permissions: .object(["contents": "write"]), fetchDepth: 0, steps: steps))])
  }
}

/// `.github/workflows/paved-drift.yml`: on the schedule (and by hand), `paved plan --drift`; drift
/// opens or updates one issue, found by its marker, and a clean run closes it.
struct GitHubDrift {
  let platform: Platform
  let ci: CIConfig
  var jobs: GitHubJobs { GitHubJobs(platform: platform, ci: ci) }

  func workflow() -> KValue {
    var env: [(String, KValue)] = []
    var fetch = ""
    var against = ""
    if case .branch(let branch)? = ci.apply {
      env = [("GITHUB_TOKEN", "${{ github.token }}"), ("DEPLOY_BRANCH", .string(branch))]
      fetch = """
        \(GitHubJobs.authenticatedGit)
        git_auth fetch -q origin "+refs/heads/$DEPLOY_BRANCH:refs/heads/$DEPLOY_BRANCH"

        """
      against = " --against \"refs/heads/$DEPLOY_BRANCH\""
    }
    let steps: [KValue] = [
      jobs.run(
        "Compare with what is deployed", id: "drift", env: env,
        """
        set -euo pipefail
        \(fetch)set +e
        paved plan --drift\(against) --format markdown --detailed-exitcode > "$RUNNER_TEMP/paved-drift.md"
        status=$?
        set -e
        cat "$RUNNER_TEMP/paved-drift.md" >> "$GITHUB_STEP_SUMMARY"
        echo "exit-code=$status" >> "$GITHUB_OUTPUT"
        [ "$status" -eq 0 ] || [ "$status" -eq 2 ]
        """),
      jobs.uses(
        Action.githubScript, name: "Open, update or close the drift issue",
        env: [("DRIFT_FILE", "${{ runner.temp }}/paved-drift.md"), ("DRIFT_STATUS", "${{ steps.drift.outputs.exit-code }}")],
        with: [("script", .string(Self.issueScript))]),
    ]
    return jobs.workflow(
      name: "paved drift",
      on: .object(["schedule": [.object(["cron": .string(ci.driftSchedule ?? "0 6 * * *")])], "workflow_dispatch": .map(KMap())]),
      concurrency: ("paved-drift", false),
      jobs: [("drift", jobs.job(name: "drift", timeout: 20, permissions: .object(["contents": "read", "issues": "write"]), steps: steps))])
  }

  static let issueScript = """
    const fs = require('fs');
    const marker = '<!-- paved-drift-issue -->';
    const { owner, repo } = context.repo;
    const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 });
    const issue = open.find((i) => !i.pull_request && (i.body || '').startsWith(marker));
    if (process.env.DRIFT_STATUS === '2') {
      const body = marker + '\\n' + fs.readFileSync(process.env.DRIFT_FILE, 'utf8');
      if (issue) {
        await github.rest.issues.update({ owner, repo, issue_number: issue.number, body });
      } else {
        await github.rest.issues.create({ owner, repo, title: 'paved: what is deployed differs from the spec', body });
      }
    } else if (issue) {
      await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: 'No drift found any more: closing.' });
      await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed' });
    }
    """
}

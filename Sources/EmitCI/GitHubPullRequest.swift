import Artifacts
import PlatformModel

/// `.github/workflows/paved-pull-request.yml`: on `pull_request` (never `pull_request_target`), the
/// CI files' staleness, validate, policy gates (annotations and SARIF), the plan as one sticky
/// comment, the changed models' reports, and one `paved` job that needs the required checks.
struct GitHubPullRequest {
  let platform: Platform
  let ci: CIConfig
  var jobs: GitHubJobs { GitHubJobs(platform: platform, ci: ci) }

  static let read: KValue = .object(["contents": "read"])
  /// Forks get a read-only token: the comment step is skipped there (the plan is in the summary).
  static let sameRepository = "github.event.pull_request.head.repo.full_name == github.repository"

  func workflow() -> KValue {
    var list: [(String, KValue)] = [
      ("ci-files", jobs.job(name: "ci-files", timeout: 10, permissions: Self.read, steps: [jobs.run("CI files match the spec", "paved ci check")])),
      (
        "validate",
        jobs.job(name: "validate", timeout: 15, permissions: Self.read, steps: [jobs.run("Validate the spec", "paved validate --format github")])
      ),
      ("check", check()),
      ("plan", plan()),
    ]
    if ci.fetchModelArtifact != nil { list.append(("models", models())) }
    list.append(("paved", required()))
    return jobs.workflow(
      name: "paved pull request", on: .object(["pull_request": .object(["branches": [.string(ci.defaultBranch)]])]),
      concurrency: ("paved-pr-${{ github.event.pull_request.number }}", true), jobs: list)
  }

  private func check() -> KValue {
    jobs.job(
      name: "check", timeout: 15, permissions: .object(["actions": "read", "contents": "read", "security-events": "write"]),
      steps: [
        jobs.run("Policy gates", "paved check --format github"),
        jobs.run(
          "Policy gates as SARIF", condition: "always()",
          """
          set +e
          paved check --format sarif > "$RUNNER_TEMP/paved-check.sarif"
          status=$?
          # 0: every gate passed, 1: a gate failed (reported by the step above); anything else is a failure here.
          [ "$status" -le 1 ]
          """),
        jobs.uses(
          Action.uploadSarif, name: "Upload to code scanning", condition: "always()",
          with: [("sarif_file", "${{ runner.temp }}/paved-check.sarif"), ("category", "paved-check")]),
      ])
  }

  private func plan() -> KValue {
    jobs.job(
      name: "plan", timeout: 20, permissions: .object(["contents": "read", "pull-requests": "write"]), fetchDepth: 0,
      steps: [
        jobs.run(
          "Plan against the base", id: "plan", env: [("BASE_SHA", "${{ github.event.pull_request.base.sha }}")],
          """
          set +e
          paved plan --base "$BASE_SHA" --format markdown --detailed-exitcode > "$RUNNER_TEMP/paved-plan.md"
          status=$?
          set -e
          cat "$RUNNER_TEMP/paved-plan.md" >> "$GITHUB_STEP_SUMMARY"
          echo "exit-code=$status" >> "$GITHUB_OUTPUT"
          # --detailed-exitcode: 0 no changes, 2 changes; 1 (an error) or anything else fails the job.
          [ "$status" -eq 0 ] || [ "$status" -eq 2 ]
          """),
        jobs.uses(
          Action.githubScript, name: "Post the plan", condition: Self.sameRepository,
          env: [("COMMENT_FILE", "${{ runner.temp }}/paved-plan.md")], with: [("script", .string(Self.stickyComment))]),
      ])
  }

  private func models() -> KValue {
    jobs.job(
      name: "models", timeout: 60, permissions: .object(["contents": "read", "pull-requests": "write"]), fetchDepth: 0,
      steps: [
        jobs.run(
          "Validate the changed models",
          env: [("BASE_SHA", "${{ github.event.pull_request.base.sha }}"), ("PAVED_FETCH", .string(ci.fetchModelArtifact ?? ""))],
          """
          set -euo pipefail
          report="$RUNNER_TEMP/paved-models.md"
          echo "<!-- paved-models -->" > "$report"
          echo "### Model reports" >> "$report"
          paved ci changed-pins --base "$BASE_SHA" > "$RUNNER_TEMP/pins.tsv"
          if [ ! -s "$RUNNER_TEMP/pins.tsv" ]; then echo "No model pin changed." >> "$report"; fi
          status=0
          while IFS="$(printf '\\t')" read -r PAVED_ENVIRONMENT PAVED_MODEL PAVED_ARTIFACT; do
            PAVED_DIRECTORY="$(mktemp -d)"
            export PAVED_ENVIRONMENT PAVED_MODEL PAVED_ARTIFACT PAVED_DIRECTORY
            bash -c "$PAVED_FETCH"
            paved model validate "$PAVED_MODEL" --env "$PAVED_ENVIRONMENT" --artifact "$PAVED_DIRECTORY" --format markdown >> "$report" || status=1
          done < "$RUNNER_TEMP/pins.tsv"
          cat "$report" >> "$GITHUB_STEP_SUMMARY"
          exit "$status"
          """),
        jobs.uses(
          Action.githubScript, name: "Post the model reports", condition: "always() && \(Self.sameRepository)",
          env: [("COMMENT_FILE", "${{ runner.temp }}/paved-models.md")], with: [("script", .string(Self.stickyComment))]),
      ])
  }

  /// One job branch protection can require: it fails unless every required check succeeded.
  private func required() -> KValue {
    jobs.job(
      name: "paved", timeout: 5, permissions: .map(KMap()), needs: ci.requiredChecks.map(\.rawValue), condition: "always()", bare: true,
      steps: [
        jobs.run(
          "Every required check passed",
          condition: "contains(needs.*.result, 'failure') || contains(needs.*.result, 'cancelled') || contains(needs.*.result, 'skipped')",
          "echo \"a required check did not succeed: \(ci.requiredChecks.map(\.rawValue).joined(separator: ", "))\"; exit 1")
      ])
  }

  /// Creates or updates the one comment whose first line starts like this one's (its marker).
  static let stickyComment = """
    const fs = require('fs');
    const body = fs.readFileSync(process.env.COMMENT_FILE, 'utf8');
    const marker = body.split('\\n', 1)[0].split(' base=', 1)[0];
    const { owner, repo } = context.repo;
    const issue_number = context.payload.pull_request.number;
    const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
    const mine = comments.find((c) => c.user.type === 'Bot' && c.body.startsWith(marker));
    if (mine) {
      await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    } else {
      await github.rest.issues.createComment({ owner, repo, issue_number, body });
    }
    """
}

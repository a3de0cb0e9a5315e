import Artifacts
import PlatformModel

/// `.github/workflows/paved-promote.yml`: on the schedule (and by hand), `paved promote --all`, which
/// pushes one branch and opens or updates one pull request per model and environment that is
/// eligible now. A person approves each; nothing merges by itself.
struct GitHubPromote {
  let platform: Platform
  let ci: CIConfig
  var jobs: GitHubJobs { GitHubJobs(platform: platform, ci: ci) }

  static let preamble = [
    "# Pull requests opened with the job's own token start no workflows (GitHub's rule), so their checks would",
    "# not run: store a GitHub App or fine-grained token (contents and pull requests: write) as PAVED_PROMOTE_TOKEN.",
  ]

  /// Why this workflow's job may write (instead of the apply and pull-request workflows' reasons).
  static let comments = [
    "contents: write": "pushes the paved/promote/<model>/<env> branches",
    "pull-requests: write": "opens or updates one pull request per promotion",
  ]

  func workflow() -> KValue {
    let step = jobs.run(
      "Promote what is eligible now",
      env: [("GITHUB_TOKEN", "${{ secrets.PAVED_PROMOTE_TOKEN || github.token }}")],
      """
      set -euo pipefail
      git config user.name "paved[bot]"
      git config user.email "paved[bot]@users.noreply.github.com"
      paved promote --all\(ci.fetchModelArtifact == nil ? "" : " --fetch") --push origin --forge github
      """)
    return jobs.workflow(
      name: "paved promote",
      on: .object(["schedule": [.object(["cron": .string(ci.promoteSchedule ?? "0 7 * * 1-5")])], "workflow_dispatch": .map(KMap())]),
      concurrency: ("paved-promote", false),
      jobs: [
        (
          "promote",
          jobs.job(
            name: "promote", timeout: 30, permissions: .object(["contents": "write", "pull-requests": "write"]), fetchDepth: 0, steps: [step])
        )
      ])
  }
}

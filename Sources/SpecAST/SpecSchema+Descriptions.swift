import JSONWriting

/// The help editors show for each key of platform.yaml and environment files: one table, by the
/// key's path under `spec` (`tenants.quota.cpu`; lists and maps are stepped through, `*` names a
/// map's values). `SpecSchemaTests` checks that every path names a key of the schema.
extension SpecSchema {
  static let platformDescriptions: [(String, String)] = [
    ("gitops", "How the GitOps engine (Argo CD or Flux) deploys the rendered tree."),
    ("gitops.engine", "argocd or flux."),
    ("gitops.repoURL", "The repository the engine reads the rendered tree from."),
    ("gitops.path", "The rendered tree's directory in that repository."),
    ("gitops.targetRevision", "The branch, tag or commit the engine follows."),
    ("gitops.namespace", "The engine's namespace."),
    ("gitops.runsIn", "Flux: the environment whose cluster Flux runs in."),
    ("gitops.secretRef", "Flux: the Secret with the git credentials."),
    ("gitops.syncWindows", "Argo CD sync windows: when each environment may (allow) or may not (deny) sync."),
    ("gitops.notifications", "Where the engine reports sync failures."),
    ("observability", "The Prometheus alerts Paved renders for each tenant and model."),
    ("observability.runbookBaseURL", "Alerts link to <runbookBaseURL>/<alert name>."),
    ("observability.pendingWorkloadsFor", "How long a tenant's workloads may wait in its Kueue queue before an alert, e.g. 30m."),
    ("observability.quotaUsagePercent", "Alert when a tenant uses more than this share of its nominal quota."),
    ("observability.ruleLabels", "Labels on the PrometheusRules, for the Prometheus Operator's rule selector."),
    ("network", "Where traffic may flow: each tenant namespace denies by default and allows only these."),
    ("network.gatewayNamespace", "The namespace of the ingress gateway that reaches the model servers."),
    ("network.monitoringNamespace", "The namespace Prometheus scrapes from."),
    ("network.nodeLocalDNS", "The address of NodeLocal DNSCache, when the clusters run it."),
    ("network.egress", "Destinations outside the cluster the tenants may reach (CIDR and ports)."),
    ("network.apiServer", "CIDRs of the API server, for tenants' workloads that call it (opt-in)."),
    ("allowedSources", "Where model artifacts and images may come from; the bundled policies check them."),
    ("allowedSources.registries", "Image registry prefixes."),
    ("allowedSources.buckets", "Model storage URI prefixes, e.g. s3://models/."),
    ("gpuPools", "The GPU node pools; each is a Kueue ResourceFlavor."),
    ("gpuPools.name", "The pool's name, used by tenants' quotas and models' serving.gpuPool."),
    ("gpuPools.resource", "The extended resource its GPUs are, e.g. nvidia.com/gpu or nvidia.com/mig-1g.10gb."),
    ("gpuPools.nodeLabels", "Labels that select the pool's nodes."),
    ("gpuPools.taints", "Taints on the pool's nodes, which its workloads tolerate."),
    ("gpuPools.capacity", "How many GPUs (of `resource`) the pool has in each environment's cluster."),
    ("gpuPools.sharing", "exclusive (whole GPUs), mig (MIG slices) or time-slicing."),
    ("tenants", "The teams: each gets a namespace per environment, quotas, a Kueue queue, RBAC and network policies."),
    ("tenants.name", "A DNS label; namespaces are <name>-<environment>."),
    ("tenants.owners", "Who owns the tenant: group:<name> or user:<name>; they get admin in its namespaces."),
    ("tenants.quota", "The tenant's nominal quota in each environment."),
    ("tenants.quota.cpu", "CPU requests, e.g. 32 or 500m."),
    ("tenants.quota.memory", "Memory requests, e.g. 256Gi."),
    ("tenants.quota.gpus", "GPUs per pool: pool name → count."),
    ("tenants.borrowing", "GPUs per pool the tenant may borrow beyond its quota when others leave them unused."),
    ("tenants.priority", "low, standard or high: the tenant's workloads' priority class."),
    ("tenants.podSecurity", "The Pod Security level its namespaces enforce: restricted (default) or baseline."),
    ("tenants.onRemoval", "retain (default): removing the tenant leaves its namespaces in the cluster; delete: the engine prunes them."),
    ("models", "The models the platform serves: their contracts, and how each is served (KServe)."),
    ("models.name", "A DNS label; the InferenceService's name."),
    ("models.tenant", "The tenant that owns and serves the model."),
    ("models.contract", "What an artifact must be for paved model validate and paved promote to accept it."),
    ("models.contract.formats", "Accepted artifact formats."),
    ("models.contract.inputs", "Input tensors: name, dtype and shape (-1 or a name for a free dimension)."),
    ("models.contract.outputs", "Output tensors: name, dtype and shape."),
    ("models.contract.maxSize", "The largest artifact accepted, e.g. 20Gi."),
    ("models.contract.requiredMetadata", "Metadata keys the artifact must carry."),
    ("models.contract.metrics", "Metric thresholds the artifact's metrics must meet, e.g. accuracy: \">= 0.9\"."),
    ("models.contract.security", "Signatures and pickle."),
    ("models.contract.security.signed", "The artifact must carry a signature by one of `signers`."),
    ("models.contract.security.pickle", "forbidden (default): no pickle at all; allowlisted: only the imports Paved knows are safe."),
    (
      "models.contract.security.signers", "The trusted signers: a public key (a PEM file in the repository) or a certificate identity with its roots."
    ),
    ("models.serving", "How the model is served: an InferenceService in the tenant's namespaces."),
    ("models.serving.runtime", "The KServe ServingRuntime; default: KServe's runtime for the format."),
    ("models.serving.format", "The model format the runtime loads, e.g. onnx or safetensors."),
    ("models.serving.gpuPool", "The GPU pool the replicas run on."),
    ("models.serving.gpus", "GPUs per replica."),
    ("models.serving.replicas", "The replica range; min 0 needs deploymentMode Knative."),
    ("models.serving.deploymentMode", "Standard (a Deployment, the default) or Knative (serverless; scales to zero)."),
    ("models.serving.resources", "CPU and memory per replica (memory is also its limit); default 1 CPU, 4Gi."),
    ("models.serving.serviceAccount", "The model's ServiceAccount: annotations (e.g. for workload identity) and the storage Secret."),
    ("environments", "The promotion order, e.g. [dev, staging, prod]; each has environments/<name>.yaml."),
    ("ci", "The CI files Paved writes and keeps current: GitHub Actions workflows, a GitLab CI include, CODEOWNERS."),
    ("ci.providers", "github, gitlab, or both."),
    ("ci.paved", "How CI gets paved: an image pinned by digest, or a source repository at a commit."),
    ("ci.runner", "The runner labels (GitHub runs-on, GitLab tags)."),
    ("ci.defaultBranch", "The branch pull requests target and apply runs on; default main."),
    ("ci.apply", "How a merge is applied: to a deploy branch (method: branch) or into the output directory (method: directory)."),
    ("ci.drift", "A scheduled paved plan --drift, opening an issue when the cluster's tree drifted."),
    ("ci.promote", "A scheduled paved promote --all, opening a pull request per eligible promotion."),
    ("ci.requiredChecks", "The checks the single `paved` job needs, for branch protection."),
    ("ci.codeowners", "The CODEOWNERS block Paved keeps: which file, the org of group owners, the platform's owners."),
    ("ci.pullRequests", "Pull-request jobs: on pull_request only, with no secrets (they run the pull request's files)."),
    ("ci.modelArtifacts", "How CI fetches a pinned model artifact to validate it (fetch: a shell command)."),
  ]

  static let environmentDescriptions: [(String, String)] = [
    ("cluster", "The cluster this environment deploys to."),
    ("cluster.name", "The cluster's name in the GitOps engine."),
    ("cluster.server", "The cluster's API server URL."),
    ("cluster.kubeConfigSecret", "Flux: the Secret with the cluster's kubeconfig; default <cluster name>-kubeconfig."),
    ("models", "What runs here: model name → the pinned version, artifact and digest (paved promote edits these)."),
    ("models.*.version", "The model's version."),
    ("models.*.artifact", "Where the artifact is, e.g. s3://models/ranker/1.4.0."),
    ("models.*.digest", "sha256:<hex> of the artifact (paved model inspect prints it)."),
    ("models.*.canary", "A second version taking `traffic` percent of requests."),
    ("approvers", "Who approves changes to this environment: group:<name> or user:<name> (CODEOWNERS and promotion reviewers)."),
    ("promotion", "How a model version reaches this environment from the previous one."),
    ("promotion.from", "The source environment; default the previous one in spec.environments."),
    ("promotion.requires", "The evidence a promotion needs: contract, signature, compatibility, check."),
    ("promotion.canary", "Promote as a canary first, taking this share of traffic, then in full."),
  ]

  /// `schema` with each description set at its path under `spec`, and the paths that name no key.
  static func annotated(_ schema: JSON, _ descriptions: [(String, String)]) -> (schema: JSON, unresolved: [String]) {
    guard var spec = schema["properties"]?["spec"] else { return (schema, descriptions.map(\.0)) }
    var unresolved: [String] = []
    for (path, text) in descriptions {
      if let updated = setting(text, at: path.split(separator: ".").map(String.init)[...], in: spec) {
        spec = updated
      } else {
        unresolved.append(path)
      }
    }
    var out = schema
    out["properties"]?["spec"] = spec
    return (out, unresolved)
  }

  private static func setting(_ text: String, at path: ArraySlice<String>, in node: JSON) -> JSON? {
    guard let first = path.first else {
      var out = node
      out["description"] = .string(text)
      return out
    }
    var out = node
    if node["type"] == "array", let items = node["items"] {
      guard let updated = setting(text, at: path, in: items) else { return nil }
      out["items"] = updated
      return out
    }
    if first == "*", let values = node["additionalProperties"], case .object = values {
      guard let updated = setting(text, at: path.dropFirst(), in: values) else { return nil }
      out["additionalProperties"] = updated
      return out
    }
    guard let child = node["properties"]?[first], let updated = setting(text, at: path.dropFirst(), in: child) else { return nil }
    out["properties"]?[first] = updated
    return out
  }
}

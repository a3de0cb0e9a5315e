import Artifacts
import PlatformModel

/// PrometheusRules: per pinned model from its contract's service objectives, per tenant from Kueue's
/// queue metrics. Every alert carries tenant, model, environment and owner labels and a runbook link.
enum AlertRules {
  /// The model's rule, or nil when its contract declares nothing to alert on and it may scale to zero.
  static func modelRule(_ model: Model, _ pin: ModelPin, _ tenant: Tenant, _ c: EmitContext) -> KValue? {
    let ns = c.namespace(of: tenant.name)
    let pods = "\(model.name)-predictor.*"
    var rules: [KValue] = []
    func alert(_ name: String, _ expr: String, for duration: String, summary: String) {
      rules.append(rule(name, expr: expr, for: duration, labels: labels(tenant, model: model.name, c), summary: summary, c))
    }
    for threshold in model.contract?.metrics ?? [] {
      guard let violated = violation(threshold.comparison) else { continue }
      let bound = format(threshold.bound)
      switch threshold.metric {
      case "latency_p95_ms":
        alert(
          "ModelLatencyP95High",
          "histogram_quantile(0.95, sum by (le) (rate(request_predict_seconds_bucket{namespace=\"\(ns)\", pod=~\"\(pods)\"}[5m]))) * 1000 \(violated) \(bound)",
          for: "10m", summary: "p95 latency of \(model.name) in \(c.env) breaks its objective (\(threshold.comparison.rawValue) \(bound) ms)")
      case "error_rate":
        let selector = "destination_workload_namespace=\"\(ns)\", destination_service_name=~\"\(pods)\""
        alert(
          "ModelErrorRateHigh",
          "sum(rate(istio_requests_total{\(selector), response_code=~\"5..\"}[5m])) / sum(rate(istio_requests_total{\(selector)}[5m])) \(violated) \(bound)",
          for: "10m", summary: "error rate of \(model.name) in \(c.env) breaks its objective (\(threshold.comparison.rawValue) \(bound))")
      case let metric where metric.hasPrefix("drift"):
        alert(
          "ModelDriftDetected",
          "max(paved_model_drift{namespace=\"\(ns)\", model=\"\(model.name)\", metric=\"\(metric)\"}) \(violated) \(bound)",
          for: "30m", summary: "\(metric) of \(model.name) in \(c.env) breaks its threshold (\(threshold.comparison.rawValue) \(bound))")
      default:
        continue  // Offline metrics (auc, ndcg…) are gates at promotion, not live alerts.
      }
    }
    if let serving = model.serving, serving.minReplicas > 0 {
      alert(
        "ModelReplicasUnavailable",
        "sum(kube_deployment_status_replicas_available{namespace=\"\(ns)\", deployment=~\"\(pods)\"}) < \(serving.minReplicas)",
        for: "5m", summary: "\(model.name) in \(c.env) has fewer than \(serving.minReplicas) ready replicas")
    }
    guard !rules.isEmpty else { return nil }
    return prometheusRule(name: "model-\(model.name)", group: "paved.model.\(model.name)", rules: rules, tenant: tenant, model: model.name, c)
  }

  /// Queue alerts of one tenant: workloads pending too long, quota nearly used up.
  static func queueRule(_ tenant: Tenant, _ c: EmitContext) -> KValue {
    let cq = c.clusterQueue(of: tenant.name)
    let o = c.platform.observability
    let l = labels(tenant, model: "none", c)
    let rules = [
      rule(
        "TenantWorkloadsPending", expr: "sum(kueue_pending_workloads{cluster_queue=\"\(cq)\"}) > 0", for: o.pendingWorkloadsFor,
        labels: l, summary: "workloads of \(tenant.name) have waited in queue \(cq) for \(o.pendingWorkloadsFor)", c),
      rule(
        "TenantQuotaNearlyExhausted",
        expr: "sum by (flavor, resource) (kueue_cluster_queue_resource_usage{cluster_queue=\"\(cq)\"}) / sum by (flavor, resource) (kueue_cluster_queue_nominal_quota{cluster_queue=\"\(cq)\"}) > \(format(Double(o.quotaUsagePercent) / 100))",
        for: "15m", labels: l, summary: "\(tenant.name) uses over \(o.quotaUsagePercent)% of its nominal quota in \(c.env)", c),
    ]
    return prometheusRule(name: "queue", group: "paved.queue.\(tenant.name)", rules: rules, tenant: tenant, model: nil, c)
  }

  static func prometheusRule(name: String, group: String, rules: [KValue], tenant: Tenant, model: String?, _ c: EmitContext) -> KValue {
    var meta = c.commonLabels(tenant: tenant.name)
    if let model { meta.append(("paved.dev/model", model)) }
    return .object([
      "apiVersion": .string("monitoring.coreos.com/v1"),
      "kind": .string("PrometheusRule"),
      "metadata": c.metadata(name: name, namespace: c.namespace(of: tenant.name), labels: meta, annotations: c.wave(2)),
      "spec": .object(["groups": .list([.object(["name": .string(group), "rules": .list(rules)])])]),
    ])
  }

  static func rule(_ name: String, expr: String, for duration: String, labels: KValue, summary: String, _ c: EmitContext) -> KValue {
    .object([
      "alert": .string(name),
      "expr": .string(expr),
      "for": .string(duration),
      "labels": labels,
      "annotations": .object([
        "summary": .string(summary),
        "runbook_url": .string("\(c.platform.observability.runbookBaseURL)/\(name)"),
      ]),
    ])
  }

  static func labels(_ tenant: Tenant, model: String, _ c: EmitContext) -> KValue {
    .object([
      "environment": .string(c.env), "model": .string(model), "owner": .string(c.ownerLabel(tenant)),
      "severity": .string(c.env == c.platform.environments.last?.name ? "critical" : "warning"),
      "tenant": .string(tenant.name),
    ])
  }

  /// The PromQL operator that fires when the objective `comparison` is broken.
  static func violation(_ comparison: MetricThreshold.Comparison) -> String? {
    switch comparison {
    case .lessOrEqual: return ">"
    case .less: return ">="
    case .greaterOrEqual: return "<"
    case .greater: return "<="
    case .equal: return "!="
    }
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

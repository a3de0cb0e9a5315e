import Artifacts
import Diagnostics
import PlatformModel

/// PrometheusRules: per pinned model from its contract's service objectives, per tenant from Kueue's
/// queue metrics. Every alert carries tenant, model, environment and owner labels and a runbook link.
enum AlertRules {
  /// The model's alerts: none when its contract declares nothing to alert on and it may scale to
  /// zero (the model then has no rule). Expressions use the series the model's runtime exports
  /// (`ServingRuntime`); a model that keeps replicas also alerts when its runtime's series is absent.
  static func modelAlerts(_ model: Model, _ tenant: Tenant, _ c: EmitContext) -> [Alert] {
    let ns = c.namespace(of: tenant.name)
    let pods = "\(model.name)-predictor.*"
    let podSelector = "namespace=\"\(ns)\", pod=~\"\(pods)\""
    let runtime = ServingRuntime.named(model.serving?.runtime ?? "")
    var rules: [Alert] = []
    func alert(_ name: String, _ expr: String, for duration: String, summary: String) {
      rules.append(Alert(name: name, expr: expr, duration: duration, summary: summary))
    }
    for threshold in model.contract?.metrics ?? [] {
      guard let violated = violation(threshold.comparison) else { continue }
      let bound = format(threshold.bound)
      switch threshold.metric {
      case "latency_p95_ms":
        // The runtime's own latency series; a runtime that exports none gets no latency alert.
        let p95: String
        switch runtime.latency {
        case .histogramSeconds(let name)?:
          p95 = "histogram_quantile(0.95, sum by (le) (rate(\(name)_bucket{\(podSelector)}[5m]))) * 1000"
        case .summaryMicroseconds(let name)?:
          p95 = "max(\(name){\(podSelector), quantile=\"0.95\"}) / 1000"
        case nil:
          continue
        }
        alert(
          "ModelLatencyP95High", "\(p95) \(violated) \(bound)",
          for: "10m", summary: "p95 latency of \(model.name) in \(c.env) breaks its objective (\(threshold.comparison.rawValue) \(bound) ms)")
      case "error_rate":
        // The runtime's failure counters where it has them, else what the Istio gateway reports.
        let expr: String
        if let errors = runtime.errors {
          let total = errors.total.map { "sum(rate(\($0){\(podSelector)}[5m]))" }.joined(separator: " + ")
          expr = "sum(rate(\(errors.failed){\(podSelector)}[5m])) / (\(total)) \(violated) \(bound)"
        } else {
          let selector = "destination_workload_namespace=\"\(ns)\", destination_service_name=~\"\(pods)\""
          expr =
            "sum(rate(istio_requests_total{\(selector), response_code=~\"5..\"}[5m])) / sum(rate(istio_requests_total{\(selector)}[5m])) \(violated) \(bound)"
        }
        alert(
          "ModelErrorRateHigh", expr, for: "10m",
          summary: "error rate of \(model.name) in \(c.env) breaks its objective (\(threshold.comparison.rawValue) \(bound))")
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
      // A model whose pods export nothing would otherwise never alert: its series must exist.
      let series = runtime.liveness == "up" ? "up{\(podSelector)}" : "\(runtime.liveness){\(podSelector)}"
      alert(
        "ModelMetricsAbsent", "absent(\(series))",
        for: "15m", summary: "\(model.name) in \(c.env) exports no \(runtime.liveness) series: its alerts cannot fire")
    }
    return rules
  }

  /// The model's rule: its `modelAlerts`, which are not empty.
  static func modelRule(_ path: String, _ model: Model, _ pin: ModelPin, _ rules: [Alert], _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    prometheusRule(
      path, name: "model-\(model.name)", group: "paved.model.\(model.name)", rules: rules, labels: labels(tenant, model: model.name, c),
      tenant: tenant, model: model.name, origin: pin.origin, c)
  }

  /// Queue alerts of one tenant: workloads pending too long, quota nearly used up.
  static func queueRule(_ path: String, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    let cq = c.clusterQueue(of: tenant.name)
    let o = c.platform.observability
    let rules = [
      Alert(
        name: "TenantWorkloadsPending", expr: "sum(kueue_pending_workloads{cluster_queue=\"\(cq)\"}) > 0", duration: o.pendingWorkloadsFor,
        summary: "workloads of \(tenant.name) have waited in queue \(cq) for \(o.pendingWorkloadsFor)"),
      Alert(
        name: "TenantQuotaNearlyExhausted",
        expr:
          "sum by (flavor, resource) (kueue_cluster_queue_resource_usage{cluster_queue=\"\(cq)\"}) / sum by (flavor, resource) (kueue_cluster_queue_nominal_quota{cluster_queue=\"\(cq)\"}) > \(format(Double(o.quotaUsagePercent) / 100))",
        duration: "15m", summary: "\(tenant.name) uses over \(o.quotaUsagePercent)% of its nominal quota in \(c.env)"),
    ]
    return prometheusRule(
      path, name: "queue", group: "paved.queue.\(tenant.name)", rules: rules, labels: labels(tenant, model: "none", c),
      tenant: tenant, model: nil, origin: tenant.origin, c)
  }

  static func prometheusRule(
    _ path: String, name: String, group: String, rules: [Alert], labels: [(String, String)], tenant: Tenant, model: String?,
    origin: SourceRange?, _ c: EmitContext
  ) -> Artifact {
    var meta = c.commonLabels(tenant: tenant.name)
    if let model { meta.append(("paved.dev/model", model)) }
    meta += c.platform.observability.ruleLabels.map { ($0.key, $0.value) }
    return c.manifest(
      path, "monitoring.coreos.com/v1", "PrometheusRule", name: name, namespace: c.namespace(of: tenant.name),
      labels: meta, annotations: c.wave(2), origin: origin
    ) { b in
      b.map("spec") { b in
        b.list("groups") { b in
          b.mapItem { b in
            b.field("name", group)
            b.list("rules") { b in
              for rule in rules {
                b.mapItem { b in
                  b.field("alert", rule.name)
                  b.field("expr", rule.expr)
                  b.field("for", rule.duration)
                  b.pairs("labels", labels)
                  b.map("annotations") { b in
                    b.field("summary", rule.summary)
                    b.field("runbook_url", "\(c.platform.observability.runbookBaseURL)/\(rule.name)")
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// One alerting rule; every rule of an object carries the same labels.
  struct Alert {
    var name: String
    var expr: String
    var duration: String
    var summary: String
  }

  /// Alert labels, in key order.
  static func labels(_ tenant: Tenant, model: String, _ c: EmitContext) -> [(String, String)] {
    [
      ("environment", c.env), ("model", model), ("owner", c.ownerLabel(tenant)),
      ("severity", c.env == c.platform.environments.last?.name ? "critical" : "warning"),
      ("tenant", tenant.name),
    ]
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

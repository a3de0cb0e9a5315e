import Artifacts
import PlatformModel

/// The objects around a served model: its ServiceAccount, PodDisruptionBudget and PodMonitor, and
/// per environment the ClusterStorageContainer its storage-initializer comes from.
enum ServingObjects {
  /// Paved's ClusterStorageContainer, named by every InferenceService that downloads its model.
  static let storageContainerName = "paved-storage-initializer"

  static func serviceAccountName(_ model: Model) -> String { "model-\(model.name)" }

  /// Whether KServe downloads `uri` with the storage-initializer (`pvc://` is mounted, `oci://` runs
  /// as a modelcar).
  static func downloads(_ uri: String) -> Bool { StorageInitializer.uriPrefixes.contains { uri.hasPrefix($0) } }

  /// The model's identity: workload-identity annotations, the storage Secret KServe reads S3
  /// credentials from (`secrets`), and no API token (serving needs none).
  static func serviceAccount(_ path: String, _ model: Model, _ serving: Serving, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    var labels = c.commonLabels(tenant: tenant.name)
    labels.append(("paved.dev/model", model.name))
    let annotations = serving.identity.annotations.map { ($0.key, $0.value) } + c.wave(1)
    return c.manifest(
      path, "v1", "ServiceAccount", name: serviceAccountName(model), namespace: c.namespace(of: tenant.name), labels: labels,
      annotations: annotations, origin: model.origin
    ) { b in
      b.field("automountServiceAccountToken", false)
      if let secret = serving.identity.storageSecret {
        b.list("secrets") { b in b.mapItem { b in b.field("name", secret) } }
      }
    }
  }

  /// At most one predictor pod down at a time in voluntary disruptions (node drains), for models
  /// that keep two or more replicas (the caller's condition).
  static func disruptionBudget(_ path: String, _ model: Model, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    var labels = c.commonLabels(tenant: tenant.name)
    labels.append(("paved.dev/model", model.name))
    return c.manifest(
      path, "policy/v1", "PodDisruptionBudget", name: model.name, namespace: c.namespace(of: tenant.name), labels: labels,
      annotations: c.wave(2), origin: model.origin
    ) { b in
      b.map("spec") { b in
        b.field("maxUnavailable", 1)
        b.map("selector") { b in b.field("matchLabels", predictorSelector(model)) }
      }
    }
  }

  /// The labels KServe puts on every predictor pod of an InferenceService (`buildObjectMeta`).
  static func predictorSelector(_ model: Model) -> KValue {
    .object(["component": .string("predictor"), "serving.kserve.io/inferenceservice": .string(model.name)])
  }

  /// Scrapes the model's pods: KServe declares the model port, 8080, on every predictor; a runtime
  /// serving its metrics on another port is reached by rewriting the target address.
  static func podMonitor(_ path: String, _ model: Model, _ serving: Serving, _ tenant: Tenant, _ c: EmitContext) -> Artifact {
    let runtime = ServingRuntime.named(serving.runtime)
    var labels = c.commonLabels(tenant: tenant.name)
    labels.append(("paved.dev/model", model.name))
    labels += c.platform.observability.ruleLabels.map { ($0.key, $0.value) }
    return c.manifest(
      path, "monitoring.coreos.com/v1", "PodMonitor", name: "model-\(model.name)", namespace: c.namespace(of: tenant.name),
      labels: labels, annotations: c.wave(2), origin: model.origin
    ) { b in
      b.map("spec") { b in
        b.list("podMetricsEndpoints") { b in
          b.mapItem { b in
            b.field("path", "/metrics")
            b.field("portNumber", 8080)
            if runtime.metricsPort != 8080 {
              b.list("relabelings") { b in
                b.mapItem { b in
                  b.field("action", "replace")
                  b.field("replacement", "$1:\(runtime.metricsPort)")
                  b.strings("sourceLabels", ["__meta_kubernetes_pod_ip"])
                  b.field("targetLabel", "__address__")
                }
              }
            }
          }
        }
        b.map("selector") { b in b.field("matchLabels", predictorSelector(model)) }
      }
    }
  }

  /// KServe's shipped `default` ClusterStorageContainer sets no securityContext, so under
  /// `restricted` the injected storage-initializer fails allowPrivilegeEscalation and capabilities.
  /// This one serves the same URIs with a compliant container; InferenceServices name it.
  static func storageContainer(_ path: String, _ c: EmitContext) -> Artifact {
    c.manifest(
      path, "serving.kserve.io/v1alpha1", "ClusterStorageContainer", name: storageContainerName, labels: c.commonLabels(), annotations: c.wave(-2),
      origin: nil
    ) { b in
      b.map("spec") { b in
        b.map("container") { b in
          b.field("name", StorageInitializer.containerName)
          b.field("image", StorageInitializer.image)
          b.map("resources") { b in
            b.map("limits") { b in
              b.field("cpu", StorageInitializer.cpuLimit.text)
              b.field("memory", StorageInitializer.memoryLimit.text)
            }
            b.map("requests") { b in
              b.field("cpu", StorageInitializer.cpu.text)
              b.field("memory", StorageInitializer.memory.text)
            }
          }
          b.field("securityContext", PodSecurity.restrictedContainer)
        }
        b.list("supportedUriFormats") { b in
          for prefix in StorageInitializer.uriPrefixes { b.mapItem { b in b.field("prefix", prefix) } }
        }
        b.field("workloadType", "initContainer")
      }
    }
  }
}

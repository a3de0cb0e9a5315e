/// The ServingRuntimes a KServe v0.20 install ships (`config/runtimes/`), what each serves and the
/// metrics it exports. Checks use it to pick a default runtime per format and to refuse a runtime
/// that cannot serve a format; emitters use it for `modelFormat.name`, scraping and alert rules.
public struct ServingRuntime: Sendable {
  public var name: String
  /// Paved formats (contract formats) this runtime serves, with the KServe `modelFormat.name` of each.
  public var formats: [String: String]
  /// The port the runtime's metrics are served on (the model port, 8080, unless it differs).
  public var metricsPort: Int
  /// A latency histogram in seconds (`<name>_bucket`), or a Prometheus summary with a 0.95 quantile.
  public var latency: Latency?
  /// A series every scrape of a live replica carries: `absent()` of it means nothing is exported.
  public var liveness: String
  /// Failed and total request counters, when the runtime counts failures itself.
  public var errors: (failed: String, total: [String])?
  /// The image repository the shipped runtime runs (`config/runtimes`), for checking registry policies.
  public var image: String? = nil

  public enum Latency: Sendable, Equatable {
    case histogramSeconds(String)
    case summaryMicroseconds(String)
  }

  /// The built-in runtimes by name.
  public static let builtIn: [String: ServingRuntime] = {
    let python = Latency.histogramSeconds("request_predict_seconds")
    let list = [
      // KServe's Python model server (kserve/model_server.py): request_{preprocess,predict,postprocess}_seconds.
      ServingRuntime(
        name: "kserve-huggingfaceserver", formats: ["safetensors": "huggingface"], metricsPort: 8080, latency: python,
        liveness: "request_predict_seconds_count",
        errors: nil, image: "kserve/huggingfaceserver"),
      // Triton: nv_inference_* counters on :8002; the latency summary needs `--metrics-config summary_latencies=true`.
      ServingRuntime(
        name: "kserve-tritonserver", formats: ["onnx": "onnx"], metricsPort: 8002, latency: .summaryMicroseconds("nv_inference_request_summary_us"),
        liveness: "nv_inference_count", errors: ("nv_inference_request_failure", ["nv_inference_request_success", "nv_inference_request_failure"]),
        image: "nvcr.io/nvidia/tritonserver"),
      // TorchServe: ts_* metrics on :8082 (prometheus metrics_mode).
      ServingRuntime(
        name: "kserve-torchserve", formats: ["pytorch": "pytorch"], metricsPort: 8082, latency: nil, liveness: "ts_inference_requests_total",
        errors: nil,
        image: "pytorch/torchserve-kfs"),
      // MLServer: model_infer_request_* on :8082.
      ServingRuntime(
        name: "kserve-mlserver", formats: ["mlflow": "mlflow"], metricsPort: 8082, latency: .histogramSeconds("model_infer_request_duration"),
        liveness: "model_infer_request_success",
        errors: ("model_infer_request_failure", ["model_infer_request_success", "model_infer_request_failure"]),
        image: "docker.io/seldonio/mlserver"),
    ]
    return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
  }()

  /// The runtime a format is served by when the spec names none; nil when no shipped runtime fits
  /// (GGUF: KServe ships no llama.cpp runtime).
  public static func defaultName(for format: String) -> String? {
    switch format {
    case "safetensors": return "kserve-huggingfaceserver"
    case "onnx": return "kserve-tritonserver"
    case "pytorch": return "kserve-torchserve"
    case "mlflow": return "kserve-mlserver"
    default: return nil
    }
  }

  /// What a runtime outside the shipped set is assumed to export: only its scrape target.
  public static func custom(_ name: String) -> ServingRuntime {
    ServingRuntime(name: name, formats: [:], metricsPort: 8080, latency: nil, liveness: "up", errors: nil)
  }

  /// The runtime named `name`: a shipped one, or a platform's own.
  public static func named(_ name: String) -> ServingRuntime { builtIn[name] ?? custom(name) }

  /// KServe `modelFormat.name` of `format` on this runtime (a custom runtime: the format itself).
  public func modelFormat(_ format: String) -> String { formats[format] ?? format }
}

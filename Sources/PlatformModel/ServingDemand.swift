/// What a pinned model's serving pods may take from its tenant's quota in one environment: the
/// most replicas KServe may run (canaries included) times what one replica's pod requests.
///
/// Serving pods do not go through Kueue (ARCHITECTURE.md, "Quota: who guards what"), so this is
/// reserved out of the tenant's nominal quota: the compiler checks it fits, and the ClusterQueue
/// gets what is left.
public struct ServingDemand: Sendable, Equatable {
  /// Pods at most: the stable predictor's `maxReplicas` plus the canary's.
  public var replicas: Int
  /// Of those, the canary's (sized by KServe from its traffic share in Standard mode).
  public var canaryReplicas: Int
  /// Per pod: GPUs, and CPU / memory in milli-units (the larger of the model container and the
  /// storage-initializer, which runs before it: a pod's effective request).
  public var gpus: Int
  public var cpuMilli: Int64
  public var memoryMilli: Int64

  public init(maxReplicas: Int, knative: Bool, canaryTraffic: Int?, gpus: Int, cpuMilli: Int64, memoryMilli: Int64) {
    let canary = canaryTraffic.map { Self.canaryReplicas(maxReplicas: maxReplicas, knative: knative, traffic: $0) } ?? 0
    self.replicas = maxReplicas + canary
    self.canaryReplicas = canary
    self.gpus = gpus
    self.cpuMilli = max(cpuMilli, StorageInitializer.cpu.milliValue)
    self.memoryMilli = max(memoryMilli, StorageInitializer.memory.milliValue)
  }

  public init(_ serving: Serving, canary: Canary?) {
    self.init(
      maxReplicas: serving.maxReplicas, knative: serving.knative, canaryTraffic: canary?.traffic, gpus: serving.gpus,
      cpuMilli: serving.resources.cpu.milliValue, memoryMilli: serving.resources.memory.milliValue)
  }

  /// A Knative canary is a revision that scales like the predictor; a Standard canary without
  /// `minReplicas` gets its traffic share of the replicas, rounded up, at least one.
  public static func canaryReplicas(maxReplicas: Int, knative: Bool, traffic: Int) -> Int {
    knative ? maxReplicas : max(1, (maxReplicas * min(100, max(0, traffic)) + 99) / 100)
  }

  public var totalGPUs: Int { replicas * gpus }
  public var totalCPUMilli: Int64 { Int64(replicas) * cpuMilli }
  public var totalMemoryMilli: Int64 { Int64(replicas) * memoryMilli }
}

/// The storage-initializer KServe injects into every predictor pod that downloads its model: Paved
/// renders its ClusterStorageContainer, so its image and requests are known.
public enum StorageInitializer {
  public static let containerName = "storage-initializer"
  public static let image = "kserve/storage-initializer:v0.20.0"
  public static let cpu = Quantity.fromMilli(100, binary: false)
  public static let memory = Quantity.fromMilli((100 << 20) * 1000, binary: true)
  public static let cpuLimit = Quantity.fromMilli(1000, binary: false)
  public static let memoryLimit = Quantity.fromMilli((1 << 30) * 1000, binary: true)
  /// URI prefixes it downloads (KServe's shipped `default` ClusterStorageContainer; `pvc://` is a mount,
  /// `oci://` a modelcar, neither downloads).
  public static let uriPrefixes = ["gs://", "s3://", "hdfs://", "hf://", "webhdfs://", "https://"]
}

extension Quantity {
  /// A quantity from milli-units, written the way Kubernetes would: whole units when exact
  /// (binary suffixes for byte counts when `binary`), else millis.
  public static func fromMilli(_ milli: Int64, binary: Bool) -> Quantity {
    let text: String
    if milli % 1000 != 0 {
      text = "\(milli)m"
    } else {
      let units = milli / 1000
      var suffix = ""
      var value = units
      if binary && units != 0 {
        for (s, factor) in [("Ti", Int64(1) << 40), ("Gi", Int64(1) << 30), ("Mi", Int64(1) << 20), ("Ki", Int64(1) << 10)] where units % factor == 0
        {
          suffix = s
          value = units / factor
          break
        }
      }
      text = "\(value)\(suffix)"
    }
    return Quantity(written: text, milliValue: milli)
  }
}

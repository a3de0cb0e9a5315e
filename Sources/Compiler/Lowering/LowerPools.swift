import PlatformModel
import SpecAST

extension Lowering {
  static func lowerPool(_ pool: GPUPoolSpec) -> GPUPool {
    GPUPool(
      name: pool.name?.value ?? "",
      resource: pool.resource?.value ?? "",
      nodeLabels: pool.nodeLabels.map { NodeLabel(key: $0.key.value, value: $0.value.value) },
      taints: pool.taints.map { Taint(key: $0.key?.value ?? "", value: $0.value?.value, effect: $0.effect?.value ?? "NoSchedule") },
      capacity: pool.capacity?.value ?? 0,
      sharing: GPUPool.Sharing(rawValue: pool.sharing?.value ?? "exclusive") ?? .exclusive,
      origin: pool.name?.range ?? pool.range)
  }
}

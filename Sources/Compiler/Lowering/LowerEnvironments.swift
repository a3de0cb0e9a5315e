import PlatformModel
import SpecAST

extension Lowering {
  static func lowerEnvironment(_ env: EnvironmentDocument, previous: String?) -> Environment {
    var environment = Environment(
      name: env.name?.value ?? "",
      clusterName: env.cluster?.name?.value ?? "",
      server: env.cluster?.server?.value ?? "",
      pins: env.models.map { pin in
        ModelPin(
          model: pin.key.value, version: pin.value.version?.value ?? "", artifact: pin.value.artifact?.value ?? "",
          digest: pin.value.digest?.value ?? "",
          canary: pin.value.canary.map { c in
            Canary(version: c.version?.value ?? "", artifact: c.artifact?.value ?? "", digest: c.digest?.value ?? "", traffic: c.traffic?.value ?? 0)
          },
          origin: pin.key.range)
      },
      file: env.file, kubeConfigSecret: env.cluster?.kubeConfigSecret?.value)
    environment.approvers = env.approvers?.map(\.value) ?? []
    let p = env.promotion
    environment.promotion = PromotionPolicy(
      from: p?.from?.value ?? previous, soakSeconds: p?.soak.flatMap { PromotionCheck.seconds($0.value) } ?? 0,
      requires: p?.requires.map { names in PromotionPolicy.Evidence.allCases.filter { e in names.contains { $0.value == e.rawValue } } }
        ?? PromotionPolicy.Evidence.allCases,
      canaryTraffic: p?.canaryTraffic?.value)
    return environment
  }
}

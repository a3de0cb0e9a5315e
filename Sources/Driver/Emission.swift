import Artifacts
import Dispatch
import EmitKubernetes
import PlatformModel

/// Runs the emitters for every environment in parallel: one work item for each environment's
/// cluster-scoped objects and one per chunk of tenants. Pure; output order is fixed.
enum Emission {
  static let chunkSize = 512

  static func emitAll(_ platform: Platform, environments: [String], extraCluster: [String: [Artifact]] = [:]) -> [Artifact] {
    let envs = platform.environments.filter { environments.contains($0.name) }
    let chunks = stride(from: 0, to: platform.tenants.count, by: chunkSize).map {
      $0..<min($0 + chunkSize, platform.tenants.count)
    }
    // Work items per environment: [cluster objects] + tenant chunks.
    let perEnv = 1 + chunks.count
    let items = envs.count * perEnv
    final class Slots: @unchecked Sendable {
      var results: [[Artifact]]
      init(_ n: Int) { results = Array(repeating: [], count: n) }
    }
    let slots = Slots(items)
    // Each iteration writes only its own slot, so no lock is needed.
    slots.results.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      DispatchQueue.concurrentPerform(iterations: items) { i in
        let env = envs[i / perEnv], part = i % perEnv
        buffer[i] = part == 0
          ? KubernetesEmitter.clusterObjects(platform, env)
          : KubernetesEmitter.tenantObjects(platform, env, tenants: platform.tenants[chunks[part - 1]])
      }
    }
    var out: [Artifact] = []
    out.reserveCapacity(slots.results.reduce(0) { $0 + $1.count } + envs.count)
    for (e, env) in envs.enumerated() {
      let start = out.count
      for part in 0..<perEnv {
        out += slots.results[e * perEnv + part]
        if part == 0 { out += extraCluster[env.name] ?? [] }
      }
      out.append(KubernetesEmitter.kustomization(env: env.name, listing: Array(out[start...])))
    }
    out += KubernetesEmitter.gitops(platform)
    return out
  }
}

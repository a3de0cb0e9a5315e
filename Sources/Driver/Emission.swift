import Artifacts
import Dispatch
import EmitKubernetes
import PlatformModel

/// Runs the emitters for every environment, in parallel across environments; pure.
enum Emission {
  static func emitAll(_ platform: Platform, environments: [String]) -> [Artifact] {
    let envs = platform.environments.filter { environments.contains($0.name) }
    final class Slots: @unchecked Sendable {
      var results: [[Artifact]]
      init(_ n: Int) { results = Array(repeating: [], count: n) }
    }
    let slots = Slots(envs.count)
    // Each iteration writes only its own slot, so no lock is needed.
    slots.results.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      DispatchQueue.concurrentPerform(iterations: envs.count) { i in
        buffer[i] = KubernetesEmitter.emit(platform, envs[i])
      }
    }
    return slots.results.flatMap { $0 }
  }
}

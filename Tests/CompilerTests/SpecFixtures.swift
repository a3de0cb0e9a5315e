import Diagnostics
import Driver
import TestSupport
import VirtualFileSystem
import XCTest

/// Small spec fixtures and a runner that checks the exact diagnostics of a compilation.
enum SpecFixtures {
  static let digest = "sha256:" + String(repeating: "ab", count: 32)

  /// A valid platform; the `tenants`, `pools`, `models` and `extra` parts can be replaced.
  static func platform(
    version: String = "\"1.33\"",
    pools: String = """
      - name: h100
        resource: nvidia.com/gpu
        capacity: 8
    """,
    tenants: String = """
      - name: search
        owners: [group:ml-search]
        quota: { cpu: "10", memory: 40Gi, gpus: { h100: 4 } }
    """,
    models: String = """
      - name: ranker
        tenant: search
        contract: { formats: [onnx] }
        serving: { format: onnx, resources: { cpu: 100m, memory: 256Mi }, gpuPool: h100, gpus: 1, replicas: { min: 1, max: 2 } }
    """,
    environments: String = "[dev]"
  ) -> String {
    """
    apiVersion: paved.dev/v1alpha1
    kind: Platform
    metadata:
      name: test
    spec:
      kubernetesVersion: \(version)
      gitops: { engine: argocd, repoURL: https://git.example.com/x.git, path: deploy }
      gpuPools:
    \(pools)
      tenants:
    \(tenants)
      models:
    \(models)
      environments: \(environments)

    """
  }

  static func environment(name: String = "dev", models: String? = nil) -> String {
    """
    apiVersion: paved.dev/v1alpha1
    kind: Environment
    metadata:
      name: \(name)
    spec:
      cluster: { name: \(name)-cluster, server: https://\(name).example.com }
      models:
    \(models ?? "    ranker: { version: 1.0.0, artifact: s3://models/ranker/1.0.0, digest: \"\(digest)\" }")

    """
  }

  /// Compiles marked files in memory and checks the diagnostics are exactly `expected`.
  static func expect(
    _ expected: [ExpectedDiagnostic], platform: String, environments: [String: String]? = nil,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    var marked: [String: MarkedText] = ["platform.yaml": MarkedText(platform)]
    // Fixtures without the ranker model get an environment that pins nothing.
    let defaultEnv = platform.contains("name: ranker") ? environment() : environment(models: "    {}")
    for (name, text) in environments ?? ["dev": defaultEnv] {
      marked["environments/\(name).yaml"] = MarkedText(text)
    }
    let fs = InMemoryFileSystem(text: marked.mapValues(\.text))
    do {
      let result = try Compilation.compile(fs, CompileRequest())
      DiagnosticVerifier.verify(result.diagnostics.all, expected: expected, markedFiles: marked, file: file, line: line)
      // Warnings never stop the output; errors always do.
      if result.diagnostics.hasErrors {
        XCTAssertNil(result.artifacts, "no artifacts when there are errors", file: file, line: line)
      } else {
        XCTAssertNotNil(result.artifacts, file: file, line: line)
      }
    } catch {
      XCTFail("internal error: \(error)", file: file, line: line)
    }
  }

  /// Every diagnostic of compiling `platform` (and the default environment) in memory.
  static func diagnostics(platform: String) -> [Diagnostic] {
    let env = platform.contains("name: ranker") ? environment() : environment(models: "    {}")
    let fs = InMemoryFileSystem(text: ["platform.yaml": platform, "environments/dev.yaml": env])
    return (try? Compilation.compile(fs, CompileRequest()))?.diagnostics.all ?? []
  }
}

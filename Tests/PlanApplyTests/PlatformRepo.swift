import Foundation
import TestSupport
import XCTest

/// A real git repository in a temporary directory holding a small generated platform.
final class PlatformRepo {
  let root: String
  var clock = 1_700_000_000

  init() {
    root = RepoPaths.temporaryDirectory("paved-plan").standardizedFileURL.path
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }

  func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

  var environment: [String: String] {
    clock += 60
    return [
      "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
      "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
      "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "HOME": root,
      "GIT_AUTHOR_DATE": "\(clock) +0000", "GIT_COMMITTER_DATE": "\(clock) +0000",
    ]
  }

  @discardableResult
  func git(_ args: String...) throws -> String {
    let result = try Subprocess.run(["git"] + args, cwd: root, environment: environment)
    guard result.status == 0 else {
      throw NSError(domain: "git", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: "git \(args): \(result.stderr)"])
    }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func initRepository() throws {
    try git("-c", "init.defaultBranch=main", "init", "-q")
    try write("README.md", "a platform\n")
    try commit("initial commit, no platform yet")
  }

  func write(_ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: path(relative))
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func read(_ relative: String) -> String? { try? String(contentsOfFile: path(relative), encoding: .utf8) }

  @discardableResult
  func commit(_ message: String) throws -> String {
    try git("add", "-A")
    try git("commit", "-q", "--allow-empty", "-m", message)
    return try git("rev-parse", "HEAD")
  }

  /// platform.yaml + environments for `tenants` (name → cpu), in dev and prod; `extra` is appended to the first tenant.
  func writePlatform(_ tenants: [(String, String)], extra: String = "") throws {
    var text = """
      apiVersion: paved.dev/v1alpha1
      kind: Platform
      metadata:
        name: acme
      spec:
        kubernetesVersion: "1.30"
        gitops: { engine: argocd, repoURL: https://git.example.com/acme.git, path: deploy, targetRevision: deploy }
        gpuPools:
          - name: l4
            resource: nvidia.com/gpu
            nodeLabels: { nvidia.com/gpu.product: NVIDIA-L4 }
            capacity: \(max(64, tenants.count * 2))
        tenants:

      """
    for (i, tenant) in tenants.enumerated() {
      text += "    - name: \(tenant.0)\n      owners: [group:\(tenant.0)]\n      quota: { cpu: \"\(tenant.1)\", memory: 32Gi, gpus: { l4: 2 } }\n"
      if i == 0 { text += extra }
    }
    text += "  environments: [dev, prod]\n"
    try write("platform.yaml", text)
    for env in ["dev", "prod"] { try write("environments/\(env).yaml", Self.environmentHeader(env)) }
  }

  /// Adds model `ranker` (tenant `alpha`, an ONNX contract) to the platform `writePlatform` wrote.
  func addRanker() throws {
    let text = try XCTUnwrap(read("platform.yaml"))
    try write(
      "platform.yaml",
      text.replacingOccurrences(
        of: "  environments: [dev, prod]\n",
        with: """
            models:
              - name: ranker
                tenant: alpha
                contract: { formats: [onnx] }
            environments: [dev, prod]

          """))
  }

  /// An environment file pinning nothing (callers append `  models:`).
  static func environmentHeader(_ env: String) -> String {
    """
    apiVersion: paved.dev/v1alpha1
    kind: Environment
    metadata:
      name: \(env)
    spec:
      cluster: { name: c-\(env), server: https://\(env).k8s.example.com }

    """
  }
}

extension XCTestCase {
  func makeRepo() throws -> PlatformRepo {
    let repo = PlatformRepo()
    addTeardownBlock { repo.remove() }
    try repo.initRepository()
    return repo
  }
}

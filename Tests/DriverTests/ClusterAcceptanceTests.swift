import Driver
import Foundation
import TestSupport
import XCTest

/// Rendered output of every example as a cluster would take it: `kubectl kustomize` for every
/// environment directory, then the strict schemas in ../shared/k8s for Kubernetes 1.30 and 1.37.
final class ClusterAcceptanceTests: XCTestCase {
  private func renderToDisk(_ directory: String) throws -> (URL, [String]) {
    let (out, compilation) = try render(directory)
    return (out, compilation.scopes)
  }

  private func render(_ directory: String) throws -> (URL, CompileResult) {
    let out = RepoPaths.temporaryDirectory("paved-accept")
    let root = RepoPaths.packageRoot.appendingPathComponent(directory).path
    let outcome = try Build.run(root: root, request: CompileRequest(), outputOverride: out.path)
    XCTAssertFalse(outcome.compilation.diagnostics.hasErrors, "\(outcome.compilation.diagnostics.all.map(\.summary))")
    XCTAssertEqual(outcome.writtenTo, out.path)
    return (out, outcome.compilation)
  }

  /// Every directory of the rendered tree that holds a kustomization.yaml.
  static func kustomizationDirectories(_ root: URL) throws -> [String] {
    try FileManager.default.subpathsOfDirectory(atPath: root.path)
      .filter { $0.hasSuffix("kustomization.yaml") }
      .map { ($0 as NSString).deletingLastPathComponent }
      .sorted()
  }

  func testKustomizeBuildsEveryEnvironmentDirectory() throws {
    guard Subprocess.available("kubectl") else {
      print("skipping kustomize check: kubectl is not installed")
      throw missingTool("kubectl not installed")
    }
    for example in GoldenTests.cases {
      let (out, envs) = try renderToDisk(example.directory)
      defer { try? FileManager.default.removeItem(at: out) }
      let dirs = try Self.kustomizationDirectories(out)
      XCTAssertTrue(Set(envs).isSubset(of: Set(dirs)), "\(example.name): every environment directory has a kustomization")
      XCTAssertTrue(dirs.contains { $0.hasPrefix("gitops") }, "\(example.name): the GitOps wiring has a kustomization")
      for env in dirs {
        let result = try Subprocess.run(["kubectl", "kustomize", out.appendingPathComponent(env).path])
        XCTAssertEqual(result.status, 0, "\(example.name)/\(env): \(result.stderr)")
        let documents = result.stdout.components(separatedBy: "\n---\n").count
        // Files below a nested kustomization (gitops/<env>/) belong to that one.
        let nested = dirs.filter { $0 != env && $0.hasPrefix(env + "/") }.map { String($0.dropFirst(env.count + 1)) + "/" }
        let files = try FileManager.default.subpathsOfDirectory(atPath: out.appendingPathComponent(env).path)
          .filter { path in path.hasSuffix(".yaml") && !path.hasSuffix("kustomization.yaml") && !nested.contains { path.hasPrefix($0) } }.count
        XCTAssertEqual(documents, files, "\(example.name)/\(env): every file becomes one object")
      }
    }
  }

  /// `../shared` and the venv's Python, or a skip that says (and prints) why `what` cannot run.
  private func sharedTools(_ what: String, _ script: String) throws -> (shared: URL, python: String) {
    guard let shared = RepoPaths.sharedDirectory else {
      print("skipping \(what): ../shared (k8s/\(script)) not found")
      throw XCTSkip("../shared not present")
    }
    guard let python = RepoPaths.venvPython else {
      print("skipping \(what): .venv not found (run `make venv`)")
      throw missingTool(".venv missing")
    }
    return (shared, python)
  }

  func testRenderedManifestsPassTheStrictSchemas() throws {
    let (shared, python) = try sharedTools("schema validation", "validate_manifests.py")
    guard Subprocess.available("kubectl") else {
      print("skipping schema validation: kubectl is not installed")
      throw missingTool("kubectl not installed")
    }
    let validator = shared.appendingPathComponent("k8s/validate_manifests.py").path
    for example in GoldenTests.cases {
      let (out, _) = try renderToDisk(example.directory)
      defer { try? FileManager.default.removeItem(at: out) }
      for env in try Self.kustomizationDirectories(out) {
        // Validate what a cluster receives: the kustomize output (kustomization.yaml itself is no object).
        let built = try Subprocess.run(["kubectl", "kustomize", out.appendingPathComponent(env).path])
        XCTAssertEqual(built.status, 0, built.stderr)
        let manifest = out.appendingPathComponent("\(env.replacingOccurrences(of: "/", with: "-"))-all.yaml")
        try Data(built.stdout.utf8).write(to: manifest)
        for version in ["1.30", "1.37"] {
          let result = try Subprocess.run([python, validator, "-k", version, manifest.path])
          let failures = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("ok ") }
          XCTAssertEqual(result.status, 0, "\(example.name)/\(env) k8s \(version):\n\(failures.prefix(20).joined(separator: "\n"))\n\(result.stderr)")
          XCTAssertTrue(result.stdout.contains("ok "), "validator checked nothing")
        }
      }
    }
  }

  /// `../shared/k8s/admission_check.py`, the offline oracle of what schemas miss, reports no FAIL on
  /// any example: the KServe webhook (`kserve.*`), Pod Security of the pods KServe creates (`pss.*`),
  /// admission policy bindings that would reach system namespaces (`vap.*`) and NetworkPolicies that
  /// cut predictors off from storage or the gateway (`netpol.*`).
  func testTheAdmissionOracleFindsNoFailure() throws {
    let (shared, python) = try sharedTools("the admission oracle", "admission_check.py")
    let oracle = shared.appendingPathComponent("k8s/admission_check.py").path
    for example in GoldenTests.cases {
      let (out, compilation) = try render(example.directory)
      defer { try? FileManager.default.removeItem(at: out) }
      let platform = try XCTUnwrap(compilation.platform)
      let result = try Subprocess.run([
        python, oracle, "--kubernetes-version", "1.\(platform.kubernetesMinor)", "--gateway-namespace", platform.network.gatewayNamespace, out.path,
      ])
      XCTAssertNotEqual(result.status, 2, "\(example.name): the oracle could not read the output: \(result.stderr)")
      let lines = result.stdout.split(separator: "\n").map(String.init)
      XCTAssertTrue(lines.contains { $0.contains(" InferenceService/") }, "\(example.name): the oracle checked no InferenceService")
      XCTAssertEqual(lines.filter { $0.hasPrefix("FAIL") }, [], "\(example.name)")
      XCTAssertEqual(result.status, 0, "\(example.name): \(result.stderr)")
    }
  }
}

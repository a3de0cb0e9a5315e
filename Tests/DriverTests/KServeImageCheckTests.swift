import Diagnostics
import Driver
import Foundation
import TestSupport
import VirtualFileSystem
import XCTest

/// A registry policy that would keep KServe's own images (runtime server, storage-initializer) out
/// of tenant namespaces is reported when the platform compiles, at the policy.
final class KServeImageCheckTests: XCTestCase {
  private func compile(registries: String) throws -> [Diagnostic] {
    let root = RepoPaths.packageRoot
    func read(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
    var platform = try read("platform.yaml")
    let line = try XCTUnwrap(platform.split(separator: "\n").first { $0.contains("    registries: [") })
    platform = platform.replacingOccurrences(of: String(line), with: "    registries: [\(registries)]")
    var files = [
      "platform.yaml": platform, "policies/allowed-registries.yaml": try read("policies/allowed-registries.yaml"),
      "keys/ml-release.pub.pem": try read("keys/ml-release.pub.pem"),
    ]
    for env in ["dev", "staging", "prod"] { files["environments/\(env).yaml"] = try read("environments/\(env).yaml") }
    let result = try Compilation.compile(InMemoryFileSystem(text: files), CompileRequest())
    XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics.all.map(\.summary))")
    return result.diagnostics.all.filter { $0.code == .deniesKServeImages }
  }

  func testARegistryPolicyThatDeniesKServesImagesIsReported() throws {
    let warnings = try compile(registries: "ghcr.io/acme/")
    XCTAssertEqual(warnings.count, 1)
    XCTAssertEqual(warnings.first?.severity, .warning)
    XCTAssertEqual(warnings.first?.range?.start.file, "policies/allowed-registries.yaml")
    let images = warnings.first?.notes.first?.message ?? ""
    XCTAssertTrue(images.contains("kserve/storage-initializer:v0.20.0"), images)
    XCTAssertTrue(images.contains("nvcr.io/nvidia/tritonserver"), images)
  }

  func testAllowingThemIsQuiet() throws {
    XCTAssertEqual(try compile(registries: "ghcr.io/acme/, kserve/, nvcr.io/nvidia/tritonserver"), [])
  }
}

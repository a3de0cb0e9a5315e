import Artifacts
import Foundation
import TestSupport
import VirtualFileSystem
import XCTest

@testable import Driver

/// The rendered tree of the bundled platform and of every example, against golden files.
/// `make update-goldens` (UPDATE_GOLDENS=1) refreshes them after an intended change.
final class GoldenTests: XCTestCase {
  static let cases: [(name: String, directory: String)] = [
    ("acme-ml", "."),
    ("small-team", "examples/small-team"),
    ("multi-tenant-gpu", "examples/multi-tenant-gpu"),
    ("flux", "examples/flux"),
  ]

  static func render(_ directory: String) throws -> CompileResult {
    let root = RepoPaths.packageRoot.appendingPathComponent(directory).path
    return try Compilation.compile(LocalFileSystem(root: root), CompileRequest())
  }

  func testEveryExampleMatchesItsGoldenTree() throws {
    for example in Self.cases {
      let result = try Self.render(example.directory)
      XCTAssertFalse(result.diagnostics.hasErrors, "\(example.name): \(result.diagnostics.all.map(\.summary))")
      let artifacts = try XCTUnwrap(result.artifacts, example.name)
      var files: [String: [UInt8]] = [:]
      for artifact in artifacts.artifacts { files[artifact.path] = artifact.contents }
      let golden = RepoPaths.packageRoot.appendingPathComponent("Tests/DriverTests/Golden/\(example.name)")
      Golden.assertTree(files, matches: golden)
    }
  }

  func testEveryRenderedFileHoldsOneObjectWithItsIdentity() throws {
    let result = try Self.render(".")
    for artifact in try XCTUnwrap(result.artifacts).artifacts where !artifact.path.hasSuffix("kustomization.yaml") {
      let identity = try XCTUnwrap(artifact.identity, artifact.path)
      XCTAssertFalse(identity.name.isEmpty, artifact.path)
      XCTAssertTrue(
        artifact.path.hasSuffix("/\(identity.kind.lowercased())-\(identity.name).yaml"), "\(artifact.path): file named <kind>-<name>.yaml")
      let isClusterScoped = [
        "PriorityClass", "ClusterRole", "ClusterStorageContainer", "ResourceFlavor", "ClusterQueue", "Namespace", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
      ].contains(identity.kind)
      XCTAssertEqual(identity.namespace == nil, isClusterScoped, "\(artifact.path): cluster-scoped kinds carry no namespace")
      if artifact.path.contains("/tenants/") {
        XCTAssertFalse(
          isClusterScoped, "\(artifact.path): tenant directories hold only namespaced objects (their Argo CD project allows no cluster-scoped kinds)")
      }
    }
  }

  /// Emitters write bytes directly; every object must read back (`Artifact.object`), agree with
  /// libyaml's reading of the same bytes, render to the same bytes, and carry the identity it declares.
  func testEveryEmittedObjectReadsBackToItsOwnBytes() throws {
    for example in Self.cases {
      let result = try Self.render(example.directory)
      for artifact in try XCTUnwrap(result.artifacts, example.name).artifacts {
        XCTAssertTrue(artifact.holdsObject, artifact.path)
        let object = try XCTUnwrap(artifact.object, "\(example.name) \(artifact.path) does not read back")
        XCTAssertEqual(YAMLWriter.render(object), artifact.contents, "\(example.name) \(artifact.path)")
        XCTAssertEqual(
          ManifestReader.artifact(path: artifact.path, bytes: artifact.contents).object, object,
          "\(example.name) \(artifact.path): libyaml reads it otherwise")
        guard let identity = artifact.identity else { continue }
        XCTAssertEqual(object["kind"]?.string, identity.kind, artifact.path)
        XCTAssertEqual(object["apiVersion"]?.string, identity.apiVersion, artifact.path)
        XCTAssertEqual(object[path: "metadata.name"]?.string, identity.name, artifact.path)
        XCTAssertEqual(object[path: "metadata.namespace"]?.string, identity.namespace, artifact.path)
      }
    }
  }

  /// `paved validate` drops the bytes as it goes: it must still see every path, and check the same objects.
  func testACompilationThatKeepsOnlyPathsSeesEveryPath() throws {
    for example in Self.cases {
      let root = RepoPaths.packageRoot.appendingPathComponent(example.directory).path
      let full = try Compilation.compile(LocalFileSystem(root: root), CompileRequest())
      var request = CompileRequest()
      request.keepsArtifacts = false
      let light = try Compilation.compile(LocalFileSystem(root: root), request)
      XCTAssertNil(light.artifacts, example.name)
      XCTAssertEqual(light.paths, try XCTUnwrap(full.artifacts).paths, example.name)
      XCTAssertEqual(full.paths, full.artifacts?.paths, example.name)
      XCTAssertEqual(light.diagnostics.all.map(\.code), full.diagnostics.all.map(\.code), example.name)
    }
  }
}

import Artifacts
import EmitKubernetes
import XCTest

/// Pod Security of the pods KServe would build, checked natively on the emitted tree against the
/// level each Namespace enforces (`PodSecurityRules`, run by `KueueRules.check`).
final class PodSecurityRulesTests: XCTestCase {
  /// The bundled platform's rendered tree with the object at `path` edited.
  private func violations(_ path: String, _ edit: (inout KValue) -> Void) throws -> [String] {
    var artifacts = try XCTUnwrap(GoldenTests.render(".").artifacts).artifacts
    let k = try XCTUnwrap(artifacts.firstIndex { $0.path == path }, path)
    var object = try XCTUnwrap(artifacts[k].object)
    edit(&object)
    artifacts[k] = Artifact.manifest(path: path, object: object, origin: nil)
    return KueueRules.check(artifacts).map(\.rule)
  }

  static let ranker = "staging/tenants/search/inferenceservice-ranker.yaml"
  static let summarizer = "dev/tenants/research/inferenceservice-summarizer.yaml"

  func testTheRenderedTreeHasNoViolations() throws {
    for example in GoldenTests.cases {
      XCTAssertEqual(KueueRules.check(try XCTUnwrap(GoldenTests.render(example.directory).artifacts).artifacts), [], example.name)
    }
  }

  func testRestrictedNeedsNonRootOnThePodOrEachContainer() throws {
    // Both containers carry runAsNonRoot and seccomp themselves, so the pod's context is a second line.
    XCTAssertEqual(try violations(Self.ranker) { $0.set(["spec", "predictor", "securityContext"], nil) }, [])
    let rules = try violations(Self.ranker) { o in
      o.set(["spec", "predictor", "securityContext"], nil)
      o.set(["spec", "predictor", "model", "securityContext", "runAsNonRoot"], nil)
    }
    XCTAssertTrue(
      rules.contains(
        "pss.restricted: predictor pod: container kserve-container must run as non-root (runAsNonRoot=true on the pod or the container)"), "\(rules)")
    // The canary's container merges over the stable one's and sets its own, so it still passes.
    XCTAssertFalse(rules.contains { $0.contains("canary pod") }, "\(rules)")
    let seccomp = try violations(Self.ranker) { o in
      o.set(["spec", "predictor", "securityContext", "seccompProfile"], nil)
      o.set(["spec", "predictor", "model", "securityContext", "seccompProfile"], .object(["type": .string("Unconfined")]))
    }
    XCTAssertEqual(seccomp, ["pss.restricted: predictor pod: container kserve-container seccompProfile.type Unconfined"])
  }

  func testRestrictedNeedsEachContainersSettings() throws {
    let rules = try violations(Self.ranker) { $0.set(["spec", "predictor", "model", "securityContext", "capabilities"], nil) }
    XCTAssertEqual(rules, ["pss.restricted: predictor pod: container kserve-container must drop ALL capabilities"])
    let escalation = try violations(Self.ranker) {
      $0.set(["spec", "canary", "0", "predictor", "model", "securityContext", "allowPrivilegeEscalation"], .bool(true))
    }
    XCTAssertEqual(escalation, ["pss.restricted: canary pod: container kserve-container must set allowPrivilegeEscalation=false"])
  }

  func testTheStorageInitializerComesFromAContainerThatComplies() throws {
    let unnamed = try violations(Self.ranker) { $0.set(["spec", "predictor", "storageContainerName"], nil) }
    XCTAssertEqual(unnamed.count, 2, "\(unnamed)")  // the predictor and the canary pod
    XCTAssertTrue(unnamed.allSatisfy { $0.contains("KServe's default ClusterStorageContainer") }, "\(unnamed)")
    let bare = try violations("staging/cluster/clusterstoragecontainer-paved-storage-initializer.yaml") {
      $0.set(["spec", "container", "securityContext"], nil)
    }
    XCTAssertTrue(bare.contains { $0.contains("container storage-initializer must set allowPrivilegeEscalation=false") }, "\(bare)")
  }

  func testAModelcarCannotRunUnderRestricted() throws {
    let rules = try violations(Self.ranker) { $0.set(["spec", "predictor", "model", "storageUri"], .string("oci://registry.example.com/ranker:1")) }
    XCTAssertTrue(rules.contains { $0.contains("container modelcar must set allowPrivilegeEscalation=false") }, "\(rules)")
  }

  func testBaselineAllowsRootButNotPrivilege() throws {
    // research is a baseline tenant: its summarizer needs no runAsNonRoot...
    XCTAssertEqual(try violations(Self.summarizer) { $0.set(["spec", "predictor", "securityContext", "runAsUser"], .int(0)) }, [])
    // ...but may not run privileged.
    XCTAssertEqual(
      try violations(Self.summarizer) { $0.set(["spec", "predictor", "model", "securityContext", "privileged"], .bool(true)) },
      ["pss.baseline: predictor pod: container kserve-container is privileged"])
  }
}

import Artifacts
import EmitKubernetes
import XCTest

/// One test per transcribed KServe v0.20 webhook rule (`KServeRules`): each breaks the rendered
/// staging `ranker` (Standard mode, one canary) the way the rule forbids and expects that rule's id.
final class KServeRulesTests: XCTestCase {
  static let path = "staging/tenants/search/inferenceservice-ranker.yaml"

  private func ranker() throws -> KValue {
    let artifacts = try XCTUnwrap(GoldenTests.render(".").artifacts).artifacts
    return try XCTUnwrap(artifacts.first { $0.path == Self.path }?.object)
  }

  /// The rule ids (text before the first ':') `KServeRules` reports after `edit`.
  private func rules(_ edit: (inout KValue) -> Void) throws -> [String] {
    var object = try ranker()
    edit(&object)
    return KServeRules.inferenceService(object, Self.path).map { String($0.rule.prefix { $0 != ":" }) }
  }

  static func canaries(_ o: KValue) -> [KValue] {
    if case .list(let items)? = o[path: "spec.canary"] { return items }
    return []
  }

  func testTheRenderedObjectsBreakNoRule() throws {
    for example in GoldenTests.cases {
      let artifacts = try XCTUnwrap(GoldenTests.render(example.directory).artifacts).artifacts
      let services = artifacts.filter { $0.identity?.kind == "InferenceService" }
      XCTAssertFalse(services.isEmpty, example.name)
      for service in services {
        XCTAssertEqual(KServeRules.inferenceService(try XCTUnwrap(service.object), service.path).map(\.rule), [], service.path)
      }
    }
  }

  func testName() throws {
    XCTAssertEqual(try rules { $0.set(["metadata", "name"], .string("Ranker_2")) }, ["kserve.name"])
  }

  func testDeploymentModeMustBeSetAndKnown() throws {
    XCTAssertEqual(try rules { $0.set(["metadata", "annotations", "serving.kserve.io/deploymentMode"], nil) }, ["kserve.deployment-mode"])
    XCTAssertEqual(try rules { $0.set(["metadata", "annotations", "serving.kserve.io/deploymentMode"], .string("Raw")) }, ["kserve.deployment-mode"])
  }

  func testStablePredictorModelHasNoName() throws {
    XCTAssertEqual(try rules { $0.set(["spec", "predictor", "model", "name"], .string("kserve-container")) }, ["kserve.predictor-name-field"])
  }

  func testExactlyOneImplementation() throws {
    XCTAssertEqual(
      try rules { $0.set(["spec", "predictor", "onnx"], .object(["storageUri": .string("s3://models/x")])) }, ["kserve.exactly-one-implementation"])
    XCTAssertEqual(
      try rules { $0.set(["spec", "predictor", "model"], nil) }, ["kserve.exactly-one-implementation", "kserve.canary-stable-model"])
  }

  func testReplicaBounds() throws {
    XCTAssertEqual(try rules { $0.set(["spec", "predictor", "minReplicas"], .int(-1)) }, ["kserve.component-extension"])
    XCTAssertEqual(try rules { $0.set(["spec", "predictor", "minReplicas"], .int(9)) }, ["kserve.component-extension"])
  }

  func testCanaryNeedsStandardMode() throws {
    XCTAssertEqual(
      try rules { $0.set(["metadata", "annotations", "serving.kserve.io/deploymentMode"], .string("Knative")) }, ["kserve.canary-deployment-mode"])
    XCTAssertEqual(try rules { $0.set(["spec", "predictor", "canaryTrafficPercent"], .int(10)) }, ["kserve.canary-deployment-mode"])
  }

  func testCanaryPredictorName() throws {
    XCTAssertEqual(try rules { $0.set(["spec", "canary", "0", "predictor", "name"], nil) }, ["kserve.canary-predictor-name"])
    XCTAssertEqual(try rules { $0.set(["spec", "predictor", "name"], .string("canary")) }, ["kserve.canary-predictor-name"])
    XCTAssertEqual(
      try rules { o in
        let canary = Self.canaries(o)
        o.set(["spec", "canary"], .list(canary + canary))
      }, ["kserve.canary-predictor-name"])
  }

  func testCanaryTraffic() throws {
    XCTAssertEqual(
      try rules { $0.set(["spec", "canary", "0", "trafficPercent"], .int(150)) }, ["kserve.canary-traffic-percent", "kserve.canary-traffic-percent"])
    XCTAssertEqual(
      try rules { o in
        var second = Self.canaries(o).first ?? .null
        second.set(["predictor", "name"], .string("canary-2"))
        second.set(["trafficPercent"], .int(95))
        o.set(["spec", "canary"], .list(Self.canaries(o) + [second]))
      }, ["kserve.canary-traffic-percent"])
  }

  func testCanaryImplementationAndCRDModelName() throws {
    XCTAssertEqual(try rules { $0.set(["spec", "canary", "0", "predictor", "model"], nil) }, ["kserve.canary-implementation"])
    XCTAssertEqual(try rules { $0.set(["spec", "canary", "0", "predictor", "model", "name"], nil) }, ["kserve.canary-model-name"])
  }

  func testCanaryRunsFixedReplicas() throws {
    XCTAssertEqual(try rules { $0.set(["spec", "canary", "0", "predictor", "maxReplicas"], .int(3)) }, ["kserve.canary-fixed-replicas"])
    XCTAssertEqual(try rules { $0.set(["spec", "canary", "0", "predictor", "scaleMetric"], .string("cpu")) }, ["kserve.canary-fixed-replicas"])
    XCTAssertEqual(try rules { $0.set(["spec", "canary", "0", "predictor", "minReplicas"], .int(5)) }, ["kserve.canary-min-replicas"])
  }

  func testAutoscalerClass() throws {
    XCTAssertEqual(
      try rules { $0.set(["metadata", "annotations", "serving.kserve.io/autoscalerClass"], .string("kpa")) }, ["kserve.autoscaler-class"])
    XCTAssertEqual(try rules { $0.set(["metadata", "annotations", "serving.kserve.io/autoscalerClass"], .string("hpa")) }, [])
  }

  func testBlockedEnvironmentVariable() throws {
    XCTAssertEqual(
      try rules { $0.set(["spec", "predictor", "model", "env"], .list([.object(["name": .string("PYTHONPATH"), "value": .string("/x")])])) },
      ["kserve.blocked-env"])
  }

  func testStorageURIsAreExclusive() throws {
    XCTAssertEqual(
      try rules {
        $0.set(["spec", "predictor", "storageUris"], .list([.object(["uri": .string("s3://models/a"), "mountPath": .string("/mnt/a")])]))
      },
      ["kserve.storage-uris"])
  }

  func testABrokenServiceIsAnInternalErrorOfTheTree() throws {
    var artifacts = try XCTUnwrap(GoldenTests.render(".").artifacts).artifacts
    let k = try XCTUnwrap(artifacts.firstIndex { $0.path == Self.path })
    var object = try XCTUnwrap(artifacts[k].object)
    object.set(["spec", "canary", "0", "predictor", "name"], nil)
    artifacts[k] = Artifact.manifest(path: Self.path, object: object, origin: nil)
    XCTAssertEqual(KueueRules.check(artifacts).map(\.path), [Self.path])
  }
}

extension KValue {
  /// Sets (or with nil, removes) the value at `path`: map keys, or list indices as numbers.
  mutating func set(_ path: [String], _ value: KValue?) {
    guard let key = path.first else {
      if let value { self = value }
      return
    }
    switch self {
    case .list(var items):
      guard let i = Int(key), items.indices.contains(i) else { return }
      if path.count == 1, value == nil { items.remove(at: i) } else { items[i].set(Array(path.dropFirst()), value) }
      self = .list(items)
    default:
      var map = self.map ?? KMap()
      if path.count == 1 {
        if let value { map.set(key, value) } else { map = KMap(map.entries.filter { $0.key != key }) }
      } else {
        var child = map[key] ?? .map(KMap())
        child.set(Array(path.dropFirst()), value)
        map.set(key, child)
      }
      self = .map(map)
    }
  }
}

import Artifacts
import JSONWriting

/// The plan as a versioned JSON document: the machine-readable source of truth.
///
/// ```json
/// { "formatVersion": 1,
///   "base": { "revision": "HEAD~1", "sha": "…", "hasPlatform": true },
///   "head": { "revision": "working tree", "sha": null, "hasPlatform": true },
///   "inputFingerprint": "sha256:…", "environments": [],
///   "summary": { "create": 1, "update": 2, "replace": 0, "delete": 1, "unchanged": 40 },
///   "changes": [ { "action": "update", "scope": "prod", "path": "…", "previousPath": null, "origin": "platform.yaml:45:7",
///                  "causes": [ {"location":"platform.yaml:47:21","path":"spec.tenants[2].quota.cpu","change":"changed"} ],
///                  "identity": { "apiVersion": "v1", "kind": "ResourceQuota", "namespace": "a-prod", "name": "tenant-quota" },
///                  "replacementReasons": [], "contentsChanged": false,
///                  "fields": [ { "path": "spec.hard[\"requests.cpu\"]", "change": "changed", "before": "8", "after": "16",
///                                "sensitive": false, "forcesReplacement": false } ],
///                  "before": { … }, "after": { … } } ] }
/// ```
/// `before`/`after` are redacted: a sensitive value is `"(sensitive)"`, a sensitive field change has
/// `"sensitive": true` and null values. Keys are in a fixed order; the same plan gives the same bytes.
public enum JSONPlanRenderer {
  /// Version of the document's shape; bump on any incompatible change.
  public static let formatVersion = 1

  public static func render(_ plan: Plan, metadata: PlanMetadata) -> String {
    var json = JSONStream()
    json.open()
    json.int("formatVersion", formatVersion)
    side(&json, "base", metadata.base)
    side(&json, "head", metadata.head)
    json.string("inputFingerprint", metadata.inputFingerprint)
    json.openArray("environments")
    for env in metadata.environments { json.string(nil, env) }
    json.close(array: true)
    json.open("summary")
    let counts = plan.counts
    for action in [Action.create, .update, .replace, .delete, .retain] { json.int(action.rawValue, counts[action] ?? 0) }
    json.int("unchanged", plan.unchangedCount)
    json.close()
    json.openArray("changes")
    for change in plan.changes { write(change, into: &json) }
    json.close(array: true)
    json.close()
    return json.text + "\n"
  }

  /// Field changes as one compact JSON array (also used by the drift report).
  public static func fields(_ fields: [FieldChange]) -> String {
    var array = JSONStream(pretty: false)
    array.openArray(nil)
    for field in fields { array.raw(nil, item(field)) }
    array.close(array: true)
    return array.text
  }

  /// One field change as a compact JSON object.
  private static func item(_ field: FieldChange) -> String {
    var item = JSONStream(pretty: false)
    item.open()
    item.string("path", field.path.description)
    item.string("change", field.kind.rawValue)
    item.raw("before", KValueJSON.compact(field.before))
    item.raw("after", KValueJSON.compact(field.after))
    item.bool("sensitive", field.sensitive)
    item.bool("forcesReplacement", field.forcesReplacement)
    item.close()
    return item.text
  }

  private static func side(_ json: inout JSONStream, _ key: String, _ side: PlanMetadata.Side) {
    json.open(key)
    json.string("revision", side.revision)
    json.string("sha", side.sha)
    json.bool("hasPlatform", side.hasPlatform)
    json.close()
  }

  private static func write(_ change: Change, into json: inout JSONStream) {
    json.open()
    json.string("action", change.action.rawValue)
    json.string("scope", change.scope)
    json.string("path", change.path)
    json.string("previousPath", change.previousPath)
    json.string("origin", change.origin.map { "\($0.start)" })
    json.openArray("causes")
    for cause in change.causes {
      var item = JSONStream(pretty: false)
      item.open()
      item.string("location", "\(cause.location)")
      item.string("path", cause.path)
      item.string("change", cause.kind.rawValue)
      item.close()
      json.raw(nil, item.text)
    }
    json.close(array: true)
    if let identity = change.identity {
      json.open("identity")
      json.string("apiVersion", identity.apiVersion)
      json.string("kind", identity.kind)
      json.string("namespace", identity.namespace)
      json.string("name", identity.name)
      json.close()
    } else {
      json.raw("identity", "null")
    }
    json.openArray("replacementReasons")
    for reason in change.replacementReasons { json.string(nil, reason.description) }
    json.close(array: true)
    json.bool("contentsChanged", change.contentsChanged)
    json.openArray("fields")
    for field in change.fields { json.raw(nil, item(field)) }
    json.close(array: true)
    json.raw("before", KValueJSON.compact(change.before))
    json.raw("after", KValueJSON.compact(change.after))
    json.close()
  }
}

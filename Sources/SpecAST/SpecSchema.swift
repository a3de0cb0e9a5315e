import JSONWriting

/// JSON Schemas (draft 2020-12) of the spec documents, so editors can complete and check them.
/// The one place the spec grammar is written: the decoders read their key lists from these
/// structures (`SpecGrammar`), so a key added here is accepted there.
public enum SpecSchema {
  public static func platform() -> JSON { published(annotated(platformStructure(), platformDescriptions).schema) }

  public static func environment() -> JSON { published(annotated(environmentStructure(), environmentDescriptions).schema) }

  static func platformStructure() -> JSON {
    document(
      kind: "Platform", title: "Paved platform (platform.yaml)",
      spec: object(
        [
          "kubernetesVersion": [
            "type": "string", "pattern": "^1\\.(3[0-7])$", "description": "Kubernetes minor version of the clusters, 1.30 to 1.37.",
          ],
          "gitops": object(
            [
              "engine": enumeration(["argocd", "flux"]), "repoURL": string, "path": string, "targetRevision": string, "namespace": dnsLabel,
              "runsIn": dnsLabel, "secretRef": dnsLabel,
              "syncWindows": list(
                object(
                  [
                    "environments": list(dnsLabel), "kind": enumeration(SpecDecoder.syncWindowKinds), "schedule": string, "duration": string,
                    "manualSync": ["type": "boolean"],
                  ], required: ["environments", "kind", "schedule", "duration"])),
              "notifications": object(["type": string, "channel": string, "secretRef": dnsLabel], required: ["type"]),
            ], required: ["engine", "repoURL"]),
          "network": object([
            "gatewayNamespace": dnsLabel, "monitoringNamespace": dnsLabel, "nodeLocalDNS": string,
            "egress": list(
              object(["cidr": string, "ports": list(["type": "integer", "minimum": 1, "maximum": 65535])], required: ["cidr", "ports"])),
            "apiServer": list(string),
          ]),
          "allowedSources": object(["registries": ["type": "array", "items": string], "buckets": ["type": "array", "items": string]]),
          "observability": object([
            "runbookBaseURL": string, "pendingWorkloadsFor": ["type": "string", "pattern": "^[0-9]+(ms|s|m|h|d|w|y)$"],
            "quotaUsagePercent": ["type": "integer", "minimum": 1, "maximum": 100], "ruleLabels": stringMap(maxProperties: 16),
          ]),
          "gpuPools": list(
            object(
              [
                "name": dnsLabel, "resource": string, "nodeLabels": stringMap(maxProperties: 8),
                "taints": list(
                  object(
                    ["key": string, "value": string, "effect": enumeration(["NoSchedule", "PreferNoSchedule", "NoExecute"])],
                    required: ["key", "effect"])),
                "capacity": ["type": "integer", "minimum": 1], "sharing": enumeration(["exclusive", "mig", "time-slicing"]),
              ], required: ["name", "resource", "capacity"])),
          "tenants": list(
            object(
              [
                "name": dnsLabel, "owners": list(owner),
                "quota": object(["cpu": quantity, "memory": quantity, "gpus": intMap], required: ["cpu", "memory"]),
                "borrowing": intMap, "priority": enumeration(["low", "standard", "high"]), "podSecurity": enumeration(["restricted", "baseline"]),
                "onRemoval": enumeration(["retain", "delete"]),
              ], required: ["name", "owners", "quota"])),
          "models": list(
            object(
              [
                "name": dnsLabel, "tenant": dnsLabel,
                "contract": object(
                  [
                    "formats": list(enumeration(contractFormats)), "inputs": list(tensor), "outputs": list(tensor),
                    "maxSize": quantity, "requiredMetadata": list(string),
                    "metrics": [
                      "type": "object", "additionalProperties": ["type": "string", "pattern": "^\\s*(>=|<=|==|>|<)\\s*-?[0-9.eE+-]+\\s*$"],
                    ],
                    "security": object([
                      "signed": ["type": "boolean"], "pickle": enumeration(["forbidden", "allowlisted"]),
                      "signers": list([
                        "oneOf": [
                          object(["publicKey": string], required: ["publicKey"]),
                          object(
                            ["certificate": object(["identity": string, "issuer": string, "roots": string], required: ["identity", "roots"])],
                            required: ["certificate"]),
                        ]
                      ]),
                    ]),
                  ], required: ["formats"]),
                "serving": object(
                  [
                    "runtime": dnsLabel, "format": string, "gpuPool": dnsLabel, "gpus": ["type": "integer", "minimum": 0],
                    "replicas": object(
                      ["min": ["type": "integer", "minimum": 0], "max": ["type": "integer", "minimum": 1]], required: ["min", "max"]),
                    "deploymentMode": enumeration(SpecDecoder.deploymentModes),
                    "resources": object(["cpu": quantity, "memory": quantity], required: ["cpu", "memory"]),
                    "serviceAccount": object(["annotations": stringMap(maxProperties: 64), "storageSecret": dnsLabel]),
                  ], required: ["format"]),
              ], required: ["name", "tenant"])),
          "environments": list(dnsLabel),
          "ci": ci,
        ], required: ["kubernetesVersion", "tenants", "environments"]))
  }

  static func environmentStructure() -> JSON {
    document(
      kind: "Environment", title: "Paved environment (environments/<name>.yaml)",
      spec: object(
        [
          "cluster": object(
            ["name": string, "server": ["type": "string", "pattern": "^https://"], "kubeConfigSecret": dnsLabel], required: ["name", "server"]),
          "models": [
            "type": "object",
            "additionalProperties": object(
              [
                "version": string, "artifact": string, "digest": digest,
                "canary": object(
                  ["version": string, "artifact": string, "digest": digest, "traffic": ["type": "integer", "minimum": 0, "maximum": 100]],
                  required: ["version", "artifact", "digest", "traffic"]),
              ], required: ["version", "artifact", "digest"]),
          ],
          "approvers": list(owner),
          "promotion": object([
            "from": dnsLabel, "soak": ["type": "string", "pattern": "^[0-9]+(m|h|d)$", "description": "e.g. 30m, 24h, 7d"],
            "requires": list(enumeration(SpecDecoder.promotionEvidence)),
            "canary": object(["traffic": ["type": "integer", "minimum": 1, "maximum": 99]], required: ["traffic"]),
          ]),
        ], required: ["cluster"]))
  }

  /// `spec.ci`.
  static var ci: JSON {
    object(
      [
        "providers": list(enumeration(["github", "gitlab"])),
        "paved": object([
          "image": ["type": "string", "pattern": "@sha256:[0-9a-f]{64}$", "description": "An image pinned by digest."],
          "source": object(
            ["repository": string, "revision": ["type": "string", "pattern": "^[0-9a-f]{40}$"]], required: ["repository", "revision"]),
        ]),
        "runner": list(string), "defaultBranch": string,
        "apply": object(["method": enumeration(["branch", "directory"]), "branch": string, "environments": list(dnsLabel)], required: ["method"]),
        "drift": object(["schedule": ["type": "string", "description": "Five-field cron, UTC."]], required: ["schedule"]),
        "promote": object(
          ["schedule": ["type": "string", "description": "Five-field cron, UTC: when paved promote --all runs."]], required: ["schedule"]),
        "requiredChecks": list(enumeration(SpecDecoder.ciChecks)),
        "codeowners": object(["file": enumeration(SpecDecoder.codeownersFiles), "org": string, "platform": list(owner)]),
        "pullRequests": object(["trigger": enumeration(["pull_request"]), "secrets": ["type": "array", "maxItems": 0]]),
        "modelArtifacts": object(["fetch": string], required: ["fetch"]),
      ], required: ["providers", "paved"])
  }

  /// The schema as pretty, key-sorted JSON text.
  public static func render(_ schema: JSON) -> String { schema.rendered() }

  static func document(kind: String, title: String, spec: JSON) -> JSON {
    var root = object(
      [
        "apiVersion": ["const": .string(pavedAPIVersion)],
        "kind": ["const": .string(kind)],
        "metadata": object(["name": dnsLabel, "description": string], required: ["name"]),
        "spec": spec,
      ], required: ["apiVersion", "kind", "metadata", "spec"])
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    root["title"] = .string(title)
    return root
  }

  static var owner: JSON { ["type": "string", "pattern": "^(group|user):\\S+$"] }
  static var digest: JSON { ["type": "string", "pattern": "^sha256:[0-9a-f]{64}$"] }
  static var string: JSON { ["type": "string", "minLength": 1] }
  static var dnsLabel: JSON { ["type": "string", "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"] }
  static var quantity: JSON { ["type": ["string", "integer"], "description": "A Kubernetes quantity such as 200, 500m or 800Gi."] }
  static var intMap: JSON { ["type": "object", "additionalProperties": ["type": "integer", "minimum": 0]] }
  static var tensor: JSON {
    object(
      [
        "name": string, "dtype": enumeration(contractDTypes),
        "shape": list(["oneOf": [["type": "integer", "minimum": -1], ["type": "string"]]]),
      ], required: ["name", "dtype", "shape"])
  }

  /// A closed mapping. Its keys' order is kept (`keyOrder`) for the decoders, which list the keys in it.
  static func object(_ properties: KeyValuePairs<String, JSON>, required: [String] = []) -> JSON {
    var o: [String: JSON] = [
      "type": "object", "additionalProperties": false,
      "properties": .object(Dictionary(properties.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })),
      keyOrder: .strings(properties.map(\.key)),
    ]
    if !required.isEmpty { o["required"] = .strings(required) }
    return .object(o)
  }

  /// Where an object keeps its keys' order while the grammar is read; not in a published schema.
  static let keyOrder = "x-paved-key-order"

  /// `schema` without the grammar's bookkeeping (`keyOrder`), as editors get it.
  static func published(_ schema: JSON) -> JSON {
    switch schema {
    case .object(let members): .object(members.filter { $0.key != keyOrder }.mapValues(published))
    case .array(let items): .array(items.map(published))
    default: schema
    }
  }
  static func list(_ items: JSON) -> JSON { ["type": "array", "items": items] }
  static func enumeration(_ values: [String]) -> JSON { ["type": "string", "enum": .strings(values)] }
  static func stringMap(maxProperties: Int) -> JSON {
    ["type": "object", "maxProperties": .integer(maxProperties), "additionalProperties": ["type": "string"]]
  }
}

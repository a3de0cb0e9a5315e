import Artifacts
import CEL
import Diagnostics
import PlatformModel

/// One Kubernetes object a policy may look at, with where it came from.
public struct PolicyObject: Sendable {
  public var identity: ObjectIdentity
  /// The spec position the object was rendered from, when known.
  public var origin: SourceRange?
  /// The output file, when the object was rendered (e.g. `prod/tenants/search/namespace.yaml`).
  public var path: String?
  /// The artifact, read only when a policy looks at the object (most kinds are matched by none).
  private let source: Artifact?
  private let given: CELValue?

  /// An emitted artifact's object.
  public init?(_ artifact: Artifact) {
    guard artifact.holdsObject, let identity = artifact.identity, !identity.kind.isEmpty else { return nil }
    self.identity = identity
    self.origin = artifact.origin
    self.path = artifact.path
    self.source = artifact
    self.given = nil
  }

  /// An object given as a CEL value (policy tests, `paved cel eval`).
  public init(value: CELValue, origin: SourceRange? = nil) {
    func text(_ v: CELValue?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
    var meta: CELMap?
    var root: CELMap?
    if case .map(let m) = value { root = m }
    if case .map(let m)? = root?["metadata"] { meta = m }
    identity = ObjectIdentity(
      apiVersion: text(root?["apiVersion"]) ?? "", kind: text(root?["kind"]) ?? "",
      namespace: text(meta?["namespace"]), name: text(meta?["name"]) ?? "")
    self.origin = origin
    self.path = nil
    self.source = nil
    self.given = value
  }

  /// The object as a CEL value.
  public var value: CELValue {
    if let given { return given }
    return source?.object.map(ValueConversion.cel) ?? .null
  }

  /// True when `kind` names this object (same kind, and the same API group).
  func matches(_ kind: KubernetesKind) -> Bool {
    guard identity.kind == kind.kind else { return false }
    let group = identity.apiVersion.firstIndex(of: "/").map { String(identity.apiVersion[..<$0]) } ?? ""
    return group == kind.group
  }
}

/// What policies are evaluated against.
public struct PolicyInput: Sendable {
  /// The `platform` value (nil when only objects are checked).
  public var platform: CELValue?
  /// The compiled platform, when `platform` is to be built from it (only as far as the policies read).
  public var model: Platform?
  public var objects: [PolicyObject]

  public init(platform: CELValue?, objects: [PolicyObject]) {
    self.platform = platform
    self.objects = objects
  }

  /// A compiled platform and the artifacts rendered from it.
  public init(platform: Platform, artifacts: [Artifact]) {
    self.model = platform
    self.objects = artifacts.compactMap(PolicyObject.init)
  }

  /// The `platform` value for `policies`: the given one, or the model's fields they read.
  func platformValue(for policies: [CompiledPolicy]) -> CELValue? {
    if let platform { return platform }
    guard let model else { return nil }
    let programs = policies.flatMap { p in p.scope == .platform ? p.programs : p.variables.filter(\.readsPlatform).map(\.program) }
    return PlatformValue.make(model, only: PlatformFields.read(by: programs))
  }
}

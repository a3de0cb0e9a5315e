import Diagnostics

/// Identity of a Kubernetes object: what plans diff by.
public struct ObjectIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var apiVersion: String
  public var kind: String
  public var namespace: String?
  public var name: String

  public init(apiVersion: String, kind: String, namespace: String?, name: String) {
    self.apiVersion = apiVersion
    self.kind = kind
    self.namespace = namespace
    self.name = name
  }

  public var description: String {
    "\(apiVersion) \(kind) " + (namespace.map { "\($0)/" } ?? "") + name
  }

  public static func < (l: ObjectIdentity, r: ObjectIdentity) -> Bool {
    (l.apiVersion, l.kind, l.namespace ?? "", l.name) < (r.apiVersion, r.kind, r.namespace ?? "", r.name)
  }
}

/// One output file: its path under the output directory and its bytes, plus the object it holds.
public struct Artifact: Sendable {
  /// Relative, `/`-separated path under the output root, e.g. `prod/tenants/search/namespace.yaml`.
  public var path: String
  public var contents: [UInt8]
  /// The Kubernetes object, when the file holds exactly one.
  public var object: KValue?
  public var identity: ObjectIdentity?
  /// The spec position the artifact derives from, for diagnostics and plans.
  public var origin: SourceRange?

  public init(path: String, contents: [UInt8], object: KValue? = nil, identity: ObjectIdentity? = nil, origin: SourceRange? = nil) {
    self.path = path
    self.contents = contents
    self.object = object
    self.identity = identity
    self.origin = origin
  }

  /// An artifact holding one Kubernetes object rendered as YAML.
  public static func manifest(path: String, object: KValue, origin: SourceRange?) -> Artifact {
    let meta = object["metadata"]?.map
    let identity = ObjectIdentity(
      apiVersion: object["apiVersion"]?.string ?? "", kind: object["kind"]?.string ?? "",
      namespace: meta?["namespace"]?.string, name: meta?["name"]?.string ?? "")
    return Artifact(path: path, contents: YAMLWriter.render(object), object: object, identity: identity, origin: origin)
  }
}

/// A set of artifacts with unique paths, kept sorted by path.
public struct ArtifactSet: Sendable {
  public private(set) var artifacts: [Artifact]

  /// Builds a set; duplicate paths are a compiler bug and are returned, not silently dropped.
  public init(_ artifacts: [Artifact]) throws(ArtifactSetError) {
    // Emitters produce runs of sorted paths; strictly increasing input needs neither a sort nor a
    // duplicate scan. Elements are visited by index (copying an `Artifact` retains five buffers).
    if Self.isStrictlyIncreasing(artifacts) {
      self.artifacts = artifacts
      return
    }
    let sorted = artifacts.sorted { $0.path < $1.path }
    for i in sorted.indices.dropFirst() where sorted[i - 1].path == sorted[i].path {
      throw .duplicatePath(sorted[i].path)
    }
    self.artifacts = sorted
  }

  private static func isStrictlyIncreasing(_ artifacts: [Artifact]) -> Bool {
    for i in artifacts.indices.dropFirst() where !(artifacts[i - 1].path < artifacts[i].path) { return false }
    return true
  }

  public var paths: [String] { artifacts.map(\.path) }
  public var count: Int { artifacts.count }

  /// The artifact at `path`.
  public func artifact(at path: String) -> Artifact? {
    var low = 0, high = artifacts.count
    while low < high {
      let mid = (low + high) / 2
      if artifacts[mid].path < path { low = mid + 1 } else { high = mid }
    }
    return low < artifacts.count && artifacts[low].path == path ? artifacts[low] : nil
  }
}

/// A set of artifacts that cannot exist.
public enum ArtifactSetError: Error, Sendable, Equatable {
  case duplicatePath(String)
}

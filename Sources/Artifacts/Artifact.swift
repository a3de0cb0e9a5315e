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
///
/// An emitted manifest keeps only its bytes: `object` reads them back on demand (`YAMLReader`), for
/// the few consumers that look inside (plans of changed objects, policies, the Kueue checks). Trees
/// for hundreds of thousands of objects would cost several times their bytes in memory and time.
public struct Artifact: Sendable {
  /// Relative, `/`-separated path under the output root, e.g. `prod/tenants/search/namespace.yaml`.
  public var path: String
  public var contents: [UInt8]
  public var identity: ObjectIdentity?
  /// The spec position the artifact derives from, for diagnostics and plans.
  public var origin: SourceRange?
  /// A tree given by whoever made the artifact (files read from disk); nil for emitted manifests.
  private var tree: KValue?
  /// `contents` is one document in `YAMLWriter`'s layout, so `object` may read it back.
  private var written: Bool

  public init(path: String, contents: [UInt8], object: KValue? = nil, identity: ObjectIdentity? = nil, origin: SourceRange? = nil) {
    self.path = path
    self.contents = contents
    self.tree = object
    self.identity = identity
    self.origin = origin
    self.written = false
  }

  /// An artifact whose bytes `YAMLWriter` or `YAMLBuilder` wrote (one object, read back on demand).
  public init(path: String, written contents: [UInt8], identity: ObjectIdentity?, origin: SourceRange?) {
    self.path = path
    self.contents = contents
    self.tree = nil
    self.identity = identity
    self.origin = origin
    self.written = true
  }

  /// The Kubernetes object, when the file holds exactly one. Emitted manifests are read back from
  /// their bytes on each call; callers that need it twice keep the value.
  public var object: KValue? {
    if let tree { return tree }
    guard written else { return nil }
    return try? YAMLReader.read(contents)
  }

  /// Whether the file holds one object (without reading it).
  public var holdsObject: Bool { tree != nil || written }

  /// An artifact holding one Kubernetes object rendered as YAML.
  public static func manifest(path: String, object: KValue, origin: SourceRange?) -> Artifact {
    let meta = object["metadata"]?.map
    let identity = ObjectIdentity(
      apiVersion: object["apiVersion"]?.string ?? "", kind: object["kind"]?.string ?? "",
      namespace: meta?["namespace"]?.string, name: meta?["name"]?.string ?? "")
    return Artifact(path: path, written: YAMLWriter.render(object), identity: identity, origin: origin)
  }

  /// An artifact holding one Kubernetes object that `body` writes after its `apiVersion`, `kind`
  /// and `metadata` (name, namespace, labels and annotations each sorted by key, finalizers).
  public static func manifest(
    path: String, apiVersion: String, kind: String, name: String, namespace: String? = nil,
    labels: [(String, String)], annotations: [(String, String)] = [], finalizers: [String] = [], origin: SourceRange?,
    capacity: Int = 1024, _ body: (inout YAMLBuilder) -> Void
  ) -> Artifact {
    var b = YAMLBuilder(capacity: capacity)
    b.beginMap()
    b.field("apiVersion", apiVersion)
    b.field("kind", kind)
    b.map("metadata") { b in
      b.field("name", name)
      if let namespace { b.field("namespace", namespace) }
      b.pairs("labels", sortedByKey(labels))
      if !annotations.isEmpty { b.pairs("annotations", sortedByKey(annotations)) }
      if !finalizers.isEmpty { b.strings("finalizers", finalizers) }
    }
    body(&b)
    b.end()
    let identity = ObjectIdentity(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
    return Artifact(path: path, written: b.finished(), identity: identity, origin: origin)
  }

  /// Pairs in key order; equal keys keep their order (callers never repeat a key).
  public static func sortedByKey(_ pairs: [(String, String)]) -> [(String, String)] {
    if pairs.indices.dropFirst().allSatisfy({ pairs[$0 - 1].0 < pairs[$0].0 }) { return pairs }
    return pairs.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
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

  /// A path that occurs twice in `paths`, if any (a compiler bug), without building a set of artifacts.
  public static func duplicatePath(in paths: [String]) -> String? {
    if paths.indices.dropFirst().allSatisfy({ paths[$0 - 1] < paths[$0] }) { return nil }
    let sorted = paths.sorted()
    for i in sorted.indices.dropFirst() where sorted[i - 1] == sorted[i] { return sorted[i] }
    return nil
  }

  private static func isStrictlyIncreasing(_ artifacts: [Artifact]) -> Bool {
    for i in artifacts.indices.dropFirst() where !(artifacts[i - 1].path < artifacts[i].path) { return false }
    return true
  }

  public var paths: [String] { artifacts.map(\.path) }
  public var count: Int { artifacts.count }

  /// The artifact at `path`.
  public func artifact(at path: String) -> Artifact? {
    var low = 0
    var high = artifacts.count
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

import Artifacts
import Dispatch
import EmitKubernetes
import Locking
import OutputWriter
import PlatformModel

/// Runs the emitters for every environment in parallel: one work item for each environment's
/// cluster-scoped objects, one per chunk of tenants and one for the GitOps wiring; then the
/// kustomizations, one per environment, also in parallel. Pure; output order is fixed.
///
/// The output is laid out in path order whenever the emitters' own order allows (scopes sorted,
/// each environment's `kustomization.yaml` between `cluster/` and `tenants/`, each work item's files
/// sorted), so `ArtifactSet` usually only has to confirm the order instead of sorting.
enum Emission {
  static let chunkSize = 512

  /// Which tenants a render leaves out, and how (plans and incremental deploy commits; see `emit`).
  /// Driver decides it; `renderAll` renders everything.
  struct Elision: Sendable {
    /// Tenants whose files are not rendered, only their paths listed (the tenants that render the same
    /// on both sides). Their paths are in `Emitted.paths` and `elidedPaths`, and in the kustomizations,
    /// which are therefore the full ones.
    var tenants: Set<String> = []
    /// The elided tenants' paths as the other side of a plan produced them (its `elidedPaths`). The
    /// elided tenants' environment files are then not produced at all, not even as paths: these stand
    /// in for them in `paths`, `elidedPaths` and the kustomizations. (Their GitOps wiring is still
    /// produced as paths.) `paths` is then not in path order.
    var standIns: [String: [String]]? = nil
    /// The elided tenants' files are only counted (`countedFiles`), not even their paths are made; the
    /// kustomizations then list only the rendered files.
    var counting = false

    /// Nothing left out.
    static let renderAll = Elision()
    /// `tenants` as paths only.
    static func paths(of tenants: Set<String>) -> Elision { Elision(tenants: tenants) }
  }

  /// What emission produced, in path order.
  struct Emitted {
    /// Every artifact, when kept.
    var artifacts: [Artifact] = []
    /// Every output path (also when the artifacts themselves were dropped).
    var paths: [String] = []
    /// The objects the Kueue rules check, read back by the core that emitted them.
    var checked: [CheckedObject] = []
    /// The paths of the elided tenants' files by scope (environment name, `gitops`), each in path
    /// order (they are in `paths` too, but have no artifact).
    var elidedPaths: [String: [String]] = [:]
    /// How many elided files were only counted, by scope (in neither `paths` nor `artifacts`).
    var countedFiles: [String: Int] = [:]
  }

  /// Takes each work item's files as soon as they are emitted and checked, on the emitting core
  /// (`paved build` stages them straight into the output's staging directories).
  final class Sink: @unchecked Sendable {
    let receive: @Sendable ([Artifact]) throws(WriteError) -> Void
    private let lock = Lock()
    private var failure: WriteError?

    init(_ receive: @escaping @Sendable ([Artifact]) throws(WriteError) -> Void) { self.receive = receive }

    /// The first error any `deliver` met.
    var error: WriteError? { lock.withLock { failure } }

    /// Hands `files` on, unless an earlier delivery failed; records the first failure.
    func deliver(_ files: [Artifact]) {
      guard error == nil else { return }
      do { try receive(files) } catch { lock.withLock { if failure == nil { failure = error } } }
    }
  }

  /// One work item's files as they are emitted: every file but the elided tenants', of which it
  /// keeps what `leaving` says. This is where elision happens; emitters know nothing of it.
  struct PartSink: ArtifactSink {
    enum Leaving {
      /// Their paths (`elidedPaths`).
      case paths
      /// How many there were (`counted`).
      case count
      /// Nothing: stand-ins take their place.
      case nothing
    }

    let elided: Set<String>
    let leaving: Leaving
    var files: [Artifact] = []
    var elidedPaths: [String] = []
    var counted = 0

    init(elided: Set<String>, leaving: Leaving, capacity: Int) {
      self.elided = elided
      self.leaving = leaving
      files.reserveCapacity(capacity)
    }

    mutating func file(of tenant: String?, _ path: @autoclosure () -> String, _ render: (String) -> Artifact) {
      guard let tenant, !elided.isEmpty, elided.contains(tenant) else {
        files.append(render(path()))
        return
      }
      switch leaving {
      case .paths: elidedPaths.append(path())
      case .count: counted += 1
      case .nothing: break
      }
    }

    /// Files and elided paths each in path order (emitters give them in path order but for a few
    /// files, such as the listings appended last).
    mutating func sort() {
      if !Emission.isSorted(files) { files.sort { $0.path < $1.path } }
      if !elidedPaths.indices.dropFirst().allSatisfy({ elidedPaths[$0 - 1] < elidedPaths[$0] }) { elidedPaths.sort() }
    }
  }

  /// One work item's output.
  struct Part {
    var files: [Artifact] = []
    var paths: [String] = []
    var checked: [CheckedObject] = []
    var elidedPaths: [String] = []
    var counted = 0
  }

  /// - Parameters:
  ///   - extraCluster: more cluster-scoped artifacts per environment (admission policies).
  ///   - readsChecked: read back the objects the Kueue rules check, in the emitting work item.
  ///   - keepsArtifacts: false drops each work item's bytes once read (`paved validate` keeps only paths).
  ///   - sink: receives each work item's files (then usually dropped: `keepsArtifacts` false).
  ///   - elision: the tenants left out, and how (`Elision`).
  static func emit(
    _ platform: Platform, environments: [String], extraCluster: [String: [Artifact]], readsChecked: Bool, keepsArtifacts: Bool,
    sink sinkOut: Sink? = nil, elision: Elision = .renderAll
  ) -> Emitted {
    let elided = elision.tenants
    // What is kept of an elided tenant's file: its path, a count, or (with stand-ins, in the
    // environments' directories) nothing at all.
    let leaving: PartSink.Leaving = elision.counting ? .count : .paths
    let envLeaving: PartSink.Leaving = elision.standIns == nil ? leaving : .nothing
    let envs = platform.environments.filter { environments.contains($0.name) }
    let chunks = stride(from: 0, to: platform.tenants.count, by: chunkSize).map {
      $0..<min($0 + chunkSize, platform.tenants.count)
    }
    // Work items per environment: [cluster objects] + tenant chunks; the last items are the GitOps
    // wiring's parts (its top, then one per environment: no item holds all of it at once). They are
    // run largest first (GitOps wiring, then each environment's cluster objects, then the tenant
    // chunks), so no big item is left to run alone on one core at the end.
    let perEnv = 1 + chunks.count
    let gitopsItem = envs.count * perEnv
    let gitopsItems = gitopsItem..<(gitopsItem + KubernetesEmitter.gitopsParts(platform))
    let contexts = envs.map { KubernetesEmitter.Context(platform, $0) }
    let standInsByEnv = envs.map { elision.standIns?[$0.name] ?? [] }
    let order = Array(gitopsItems) + envs.indices.map { $0 * perEnv } + envs.indices.flatMap { e in (1..<perEnv).map { e * perEnv + $0 } }
    let parts = parallelMap(count: gitopsItems.upperBound, placeholder: Part(), order: order) { i -> Part in
      var sink: PartSink
      if gitopsItems.contains(i) {
        sink = PartSink(elided: elided, leaving: leaving, capacity: 2 * platform.tenants.count + 4)
        KubernetesEmitter.gitops(platform, part: i - gitopsItem, into: &sink)
        sink.sort()
        let listed = Self.merged(sink.files.map(\.path), sink.elidedPaths)
        if let listing = KubernetesEmitter.gitopsListing(platform, part: i - gitopsItem, paths: listed) { sink.files.append(listing) }
      } else {
        let env = envs[i / perEnv]
        let part = i % perEnv
        let context = contexts[i / perEnv]
        if part == 0 {
          sink = PartSink(elided: elided, leaving: envLeaving, capacity: 2 * platform.tenants.count + 16)
          KubernetesEmitter.clusterObjects(context, into: &sink)
          sink.files += extraCluster[env.name] ?? []
        } else {
          sink = PartSink(elided: elided, leaving: envLeaving, capacity: 12 * chunks[part - 1].count)
          for tenant in platform.tenants[chunks[part - 1]] { KubernetesEmitter.tenantObjects(context, tenant: tenant, into: &sink) }
        }
      }
      sink.sort()
      let files = sink.files
      let paths = sink.elidedPaths.isEmpty ? files.map(\.path) : Self.merged(files.map(\.path), sink.elidedPaths)
      let checked = readsChecked ? files.compactMap(CheckedObject.init) : []
      sinkOut?.deliver(files)
      return Part(files: keepsArtifacts ? files : [], paths: paths, checked: checked, elidedPaths: sink.elidedPaths, counted: sink.counted)
    }
    let kustomizations = parallelMap(count: envs.count, placeholder: Artifact(path: "", contents: [])) { e -> Artifact in
      var paths: [String] = []
      paths.reserveCapacity((0..<perEnv).reduce(0) { $0 + parts[e * perEnv + $1].paths.count })
      for part in 0..<perEnv { paths += parts[e * perEnv + part].paths }
      if !standInsByEnv[e].isEmpty { paths = merged(paths, standInsByEnv[e]) }
      return KubernetesEmitter.kustomization(env: envs[e].name, paths: paths)
    }
    // Scopes in path order (`dev/` < `gitops/` < `prod/` …).
    var scopes: [(key: String, env: Int?)] = envs.indices.map { (envs[$0].name + "/", $0) }
    scopes.append((KubernetesEmitter.gitopsScope + "/", nil))
    scopes.sort { $0.key < $1.key }
    sinkOut?.deliver(kustomizations)
    var out = Emitted()
    let total = parts.reduce(0) { $0 + $1.paths.count } + envs.count
    if keepsArtifacts { out.artifacts.reserveCapacity(total) }
    out.paths.reserveCapacity(total)
    func add(_ part: Part, scope: String) {
      out.artifacts += part.files
      out.paths += part.paths
      out.checked += part.checked
      if !part.elidedPaths.isEmpty { out.elidedPaths[scope, default: []] += part.elidedPaths }
      if part.counted > 0 { out.countedFiles[scope, default: 0] += part.counted }
    }
    for scope in scopes {
      guard let e = scope.env else {
        add(gitopsPart(parts[gitopsItems]), scope: KubernetesEmitter.gitopsScope)
        continue
      }
      let env = envs[e].name
      add(parts[e * perEnv], scope: env)
      if keepsArtifacts { out.artifacts.append(kustomizations[e]) }
      out.paths.append(kustomizations[e].path)
      for part in 1..<perEnv { add(parts[e * perEnv + part], scope: env) }
      if !standInsByEnv[e].isEmpty {
        out.paths += standInsByEnv[e]
        out.elidedPaths[env, default: []] += standInsByEnv[e]
      }
    }
    return out
  }

  /// The GitOps wiring's parts as one, in path order (the top's `kustomization.yaml` sorts among the
  /// environments' directories).
  static func gitopsPart(_ parts: ArraySlice<Part>) -> Part {
    var out = Part()
    for part in parts {
      out.files += part.files
      out.paths += part.paths
      out.checked += part.checked
      out.elidedPaths += part.elidedPaths
      out.counted += part.counted
    }
    if !isSorted(out.files) { out.files.sort { $0.path < $1.path } }
    out.paths.sort()
    out.elidedPaths.sort()
    return out
  }

  /// `a` and `b` in one sorted array: merged when each is sorted, else sorted.
  static func merged(_ a: [String], _ b: [String]) -> [String] {
    func sorted(_ x: [String]) -> Bool { x.indices.dropFirst().allSatisfy { x[$0 - 1] <= x[$0] } }
    guard sorted(a), sorted(b) else { return (a + b).sorted() }
    var out: [String] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      if a[i] <= b[j] {
        out.append(a[i])
        i += 1
      } else {
        out.append(b[j])
        j += 1
      }
    }
    out += a[i...]
    out += b[j...]
    return out
  }

  static func isSorted(_ files: [Artifact]) -> Bool {
    for i in files.indices.dropFirst() where !(files[i - 1].path < files[i].path) { return false }
    return true
  }

  /// `(0..<count).map(body)` on all cores; each iteration writes only its own slot. `order` (a
  /// permutation of `0..<count`) is the order items are started in.
  static func parallelMap<T>(count: Int, placeholder: T, order: [Int]? = nil, _ body: (Int) -> T) -> [T] {
    var results = Array(repeating: placeholder, count: count)
    let order = order ?? Array(0..<count)
    precondition(order.count == count && Set(order).count == count, "parallelMap: order is not a permutation")
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let body = body
      results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let buffer = buffer
        DispatchQueue.concurrentPerform(iterations: count) { k in
          let i = order[k]
          buffer[i] = body(i)
        }
      }
    }
    return results
  }
}

import Artifacts
import Compiler
import Diagnostics
import Dispatch
import GitRevisions
import Planning
import PlatformModel
import VirtualFileSystem

/// `paved plan --base REV`: compile the working tree and the base revision (read from git, no
/// checkout) and diff the two renders. Returns values; never prints, never writes.
public enum PlanRun {
  public struct Request: Sendable {
    /// Directory holding platform.yaml in the working tree.
    public var root: String
    public var platformFile: String
    /// The base revision (`HEAD~1`, `origin/main`, a SHA, a tag).
    public var base: String
    /// Environments to plan; nil plans every environment and the shared `gitops/` directory.
    public var environments: [String]?
    public var displayPrefix: String
    /// Skip rendering the tenants that render the same on both sides (see `Platform.tenantsRenderingSame`).
    /// Off renders both sides in full; tests compare the two.
    public var skipsUnchangedTenants = true

    public init(root: String, platformFile: String = "platform.yaml", base: String, environments: [String]? = nil, displayPrefix: String = "") {
      self.root = root
      self.platformFile = platformFile
      self.base = base
      self.environments = environments
      self.displayPrefix = displayPrefix
    }
  }

  public struct Outcome: Sendable {
    public var diagnostics = Diagnostics()
    public var sources = SourceCatalog()
    /// The plan; nil when there is any error.
    public var plan: Plan?
    public var metadata: PlanMetadata
    public var timings: [(phase: String, seconds: Double)] = []
    /// How many tenants rendered the same on both sides and were not rendered.
    public var skippedTenants = 0
    /// The compilations of both sides. Kept so that callers decide when hundreds of thousands of
    /// objects are freed (the CLI leaves it to process exit) instead of paying for it inside the plan.
    public var renders: [CompileResult] = []
    /// Both sides' decoded documents, kept for the same reason.
    var documents: [CheckInput] = []
  }

  public static func run(_ request: Request) throws(InternalError) -> Outcome {
    var outcome = Outcome(
      metadata: PlanMetadata(
        base: .init(revision: request.base), head: .init(revision: "working tree"), inputFingerprint: "",
        environments: request.environments ?? []))
    let compileRequest = {
      var compileRequest = CompileRequest(
        platformPath: request.platformFile, environments: request.environments, displayPrefix: request.displayPrefix)
      compileRequest.keepsDocuments = true
      return compileRequest
    }()
    let headFS = RecordingFileSystem(LocalFileSystem(root: request.root))
    // The two sides' front halves (parsing, checks, lowering: mostly serial) run at once.
    final class Sides: @unchecked Sendable {
      var head: Compilation.Prepared?
      var base: BaseRender?
      var baseFailure: DiagnosticFailure?
    }
    let sides = Sides()
    DispatchQueue.concurrentPerform(iterations: 2) { side in
      if side == 0 {
        sides.head = Compilation.prepare(headFS, compileRequest)
      } else {
        do throws(DiagnosticFailure) {
          sides.base = try BaseRender.prepare(
            root: request.root, platformFile: request.platformFile, revision: request.base, option: "--base", keepsDocuments: true)
        } catch { sides.baseFailure = error }
      }
    }
    guard let prepared = sides.head else { throw InternalError("the working tree's compilation produced no result") }
    // Tenants that render the same on both sides are not rendered: their files are equal by
    // construction (emitters are pure functions of the values `==` compares).
    var elided: Set<String> = []
    if prepared.ready, let base = sides.base, base.result.map({ !$0.diagnostics.hasErrors }) ?? false,
      let headPlatform = prepared.result.platform, let basePlatform = base.result?.platform, request.skipsUnchangedTenants
    {
      elided = headPlatform.tenantsRenderingSame(as: basePlatform) ?? []
    }
    let head = try emitSides(prepared, compileRequest, &sides.base, elided: &elided)
    outcome.skippedTenants = elided.count
    outcome.diagnostics.append(contentsOf: head.diagnostics)
    outcome.sources.merge(head.sources)
    outcome.timings += head.timings.map { ("head " + $0.phase, $0.seconds) }
    if let failure = sides.baseFailure {
      outcome.diagnostics.append(failure.diagnostic)
      return outcome
    }
    guard let base = sides.base else { throw InternalError("the base revision's compilation produced no result") }
    if let bug = base.internalError { throw bug }
    outcome.metadata.base = .init(revision: request.base, sha: base.revision.sha, hasPlatform: base.result != nil)
    // The head is a commit when what was read is exactly HEAD's; else the work tree, said plainly.
    outcome.metadata.head = .init(revision: "working tree (uncommitted changes)")
    if let location = try? RepositoryLocation.open(request.root), let head = try? location.repository.resolve("HEAD"),
      SourceState.changedFiles(headFS.recorded, location: location).isEmpty
    {
      outcome.metadata.head = .init(revision: "HEAD", sha: head.sha)
    }
    if let result = base.result {
      outcome.sources.merge(result.sources)
      outcome.timings += result.timings.map { ("base " + $0.phase, $0.seconds) }
      if result.diagnostics.hasErrors { outcome.diagnostics.append(contentsOf: base.errorsAsBase()) }
    }
    outcome.metadata.inputFingerprint = InputFingerprint.compute([("base", base.files), ("head", headFS.recorded)])
    guard !outcome.diagnostics.hasErrors, let headSet = head.artifacts else { return outcome }

    var clock = PhaseClock()
    var scratch = CompileResult()
    let scopes = request.environments.map(Set.init)
    var headSelected = try select(headSet, scopes)
    var baseSelected = try base.result?.artifacts.map { artifacts throws(InternalError) in try select(artifacts, scopes) }
    // CI files (paths relative to the spec's directory) are planned like manifests, when every
    // environment is.
    if scopes == nil {
      do {
        headSelected = try ArtifactSet(headSelected.artifacts + CIRun.planArtifacts(head.platform))
        if let b = baseSelected { baseSelected = try ArtifactSet(b.artifacts + CIRun.planArtifacts(base.result?.platform)) }
      } catch {
        throw InternalError("a CI file has the path of a manifest: \(error)")
      }
    }
    var plan = Planner().diff(base: baseSelected, head: headSelected)
    if let headInput = prepared.input, let baseInput = base.prepared?.input {
      var provenance = SpecProvenance(head: headInput, base: baseInput)
      plan.changes = provenance.annotate(plan.changes)
      outcome.documents = [headInput, baseInput]
    }
    // The elided files are the same on both sides (`emitSides` compared their paths, or their
    // counts and every other path).
    for (scope, paths) in head.elidedPaths where scopes?.contains(scope) ?? true { plan.unchangedCount += paths.count }
    for (scope, count) in head.countedFiles where scopes?.contains(scope) ?? true { plan.unchangedCount += count }
    outcome.plan = plan
    clock.mark("diff", into: &scratch)
    outcome.renders = [head] + (base.result.map { [$0] } ?? [])
    outcome.timings += scratch.timings
    return outcome
  }

  /// Emits both prepared sides, rendering the `elided` tenants as little as the two sides allow:
  /// 1. counted on both sides, when the rest renders to the same paths on both: the listings
  ///    (kustomizations, which name the elided files too) are then the same on both sides, so the
  ///    plan needs only how many files were elided;
  /// 2. else the head makes the elided files' paths, and they stand in for the base's (which
  ///    makes the base's listings complete);
  /// 3. else (the elided paths differ between the sides: a bug in `tenantsRenderingSame`) both in full,
  ///    rather than plan on a guess. `elided` is emptied then.
  static func emitSides(
    _ prepared: Compilation.Prepared, _ request: CompileRequest, _ base: inout BaseRender?, elided: inout Set<String>
  ) throws(InternalError) -> CompileResult {
    guard !elided.isEmpty else {
      base?.emit(.renderAll)
      return try Compilation.emit(prepared, request)
    }
    // Tenants or models added or removed change the rendered paths, so counting cannot serve:
    // that is known from the names alone, before rendering anything.
    if sameNames(prepared.result.platform, base?.result?.platform) {
      let counting = Emission.Elision(tenants: elided, counting: true)
      let head = try Compilation.emit(prepared, request, elision: counting)
      base?.emit(counting)
      if let other = base?.result, head.paths == other.paths, head.countedFiles == other.countedFiles { return head }
    }
    let head = try Compilation.emit(prepared, request, elision: .paths(of: elided))
    base?.emit(Emission.Elision(tenants: elided, standIns: head.elidedPaths))
    if head.elidedPaths == base?.result?.elidedPaths { return head }
    elided = []
    base?.emit(.renderAll)
    return try Compilation.emit(prepared, request)
  }

  /// Whether both platforms have the same tenants and the same models (both lists are sorted by name).
  static func sameNames(_ a: Platform?, _ b: Platform?) -> Bool {
    guard let a, let b else { return false }
    return a.tenants.map(\.name) == b.tenants.map(\.name) && a.models.map(\.name) == b.models.map(\.name)
  }

  /// The artifacts in the selected environment directories (all when `scopes` is nil).
  static func select(_ set: ArtifactSet, _ scopes: Set<String>?) throws(InternalError) -> ArtifactSet {
    guard let scopes else { return set }
    do {
      return try ArtifactSet(set.artifacts.filter { scopes.contains(String($0.path.prefix { $0 != "/" })) })
    } catch {
      throw InternalError("a subset of an artifact set has duplicate paths: \(error)")
    }
  }
}

extension DiagnosticCode {
  /// The base revision of a plan does not compile.
  public static let baseDoesNotCompile = DiagnosticCode("plan.base-does-not-compile")
  /// `plan --drift --against NAME` where NAME is both a directory and a revision.
  public static let ambiguousAgainst = DiagnosticCode("plan.ambiguous-against")
}

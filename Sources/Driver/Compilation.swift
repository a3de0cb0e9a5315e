import Artifacts
import Compiler
import Diagnostics
import EmitKubernetes
import OutputWriter
import PlatformModel
import Policy
import SpecAST
import SpecSyntax
import VirtualFileSystem

/// What to compile.
public struct CompileRequest: Sendable {
  /// Path of `platform.yaml` inside the file tree; environment files are read beside it.
  public var platformPath: String
  /// Environments to render; nil renders all.
  public var environments: [String]?
  public var limits: LoaderLimits
  /// Prepended to file names in diagnostics (e.g. `examples/flux/`), so positions are clickable from
  /// where the user ran paved.
  public var displayPrefix: String
  /// Directory of policy files beside platform.yaml (`policies/`); nil reads no policies.
  public var policyDirectory: String?
  /// Check the emitted objects against the Kueue CRDs' rules (a compiler bug is exit 70). Plans turn it
  /// off for the base revision: only the head's output is ever written, and it is always checked.
  public var checksOutput = true
  /// Keep the emitted artifacts in the result. `paved validate` needs only their paths, so it drops
  /// each work item's bytes as soon as they are checked (its memory then stays near the model's).
  public var keepsArtifacts = true
  /// Keep the decoded documents (`Prepared.input`) past lowering: plans name the spec fields behind
  /// each change from them. Off, they are freed as soon as the platform is lowered.
  public var keepsDocuments = false

  public init(
    platformPath: String = "platform.yaml", environments: [String]? = nil, limits: LoaderLimits = .default,
    displayPrefix: String = "", policyDirectory: String? = "policies"
  ) {
    self.policyDirectory = policyDirectory
    self.platformPath = platformPath
    self.environments = environments
    self.limits = limits
    self.displayPrefix = displayPrefix
  }

  /// The name diagnostics use for a file of the tree.
  func display(_ path: String) -> String { displayPrefix + path }
}

/// The outcome of a compilation: diagnostics always; a model and artifacts only when there are no errors.
public struct CompileResult: Sendable {
  public var diagnostics = Diagnostics()
  public var sources = SourceCatalog()
  public var platform: Platform?
  /// The policies read from the policy directory (compiled; broken ones are diagnostics).
  public var policies = PolicySet()
  public var artifacts: ArtifactSet?
  /// Every path the compilation renders, in order (also when the artifacts were not kept).
  public var paths: [String] = []
  /// Paths of the elided tenants' files by scope (environment name, `gitops`), see `Compilation.emit`:
  /// in `paths`, not in `artifacts`.
  public var elidedPaths: [String: [String]] = [:]
  /// How many elided files were only counted, by scope (in neither `paths` nor `artifacts`).
  public var countedFiles: [String: Int] = [:]
  /// Streaming the output failed (only when compiling with a sink: `paved build`).
  public var writeError: WriteError?
  /// Environment directories the artifacts cover (the writer's scopes).
  public var scopes: [String] = []
  /// Output directory relative to the file tree root (`spec.gitops.path` beside platform.yaml).
  public var outputPath: String = "deploy"
  /// Wall time of each phase, in order (for `--timings` and benchmarks).
  public var timings: [(phase: String, seconds: Double)] = []

  public init() {}
}

/// Measures consecutive phases of a compilation.
struct PhaseClock {
  private let clock = ContinuousClock()
  private var last: ContinuousClock.Instant

  init() { last = clock.now }

  /// Records the time since the previous mark under `phase`.
  mutating func mark(_ phase: String, into result: inout CompileResult) {
    let now = clock.now
    let elapsed = now - last
    result.timings.append((phase, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
    last = now
  }
}

/// A compiler bug, never a user error: the CLI exits 70 and asks for a report.
public struct InternalError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// load → decode → check → lower → emit. Returns values; never prints, never writes.
public enum Compilation {
  public static func compile(_ fs: any ReadOnlyFileSystem, _ request: CompileRequest) throws(InternalError) -> CompileResult {
    try compile(fs, request, streamingTo: nil)
  }

  /// - Parameter streamingTo: called once the output directory (relative to the tree root) and the
  ///   scopes are known, before emission; the sink it returns receives every work item's files as
  ///   they are emitted. An error opening or feeding it ends up in `CompileResult.writeError`.
  static func compile(
    _ fs: any ReadOnlyFileSystem, _ request: CompileRequest,
    streamingTo: ((_ outputPath: String, _ scopes: [String]) throws(WriteError) -> Emission.Sink)?
  ) throws(InternalError) -> CompileResult {
    try emit(prepare(fs, request), request, streamingTo: streamingTo)
  }

  /// The front half of a compilation, up to the emitters' input.
  struct Prepared {
    /// Diagnostics, sources, policies; with no error also the platform, scopes and output path.
    var result: CompileResult
    /// Admission policy objects per environment (cluster-scoped; rendered with the environment's).
    var admission: [String: [Artifact]] = [:]
    /// The documents as decoded (positions and data paths of every field), when they decoded without
    /// error: plans name the fields a change comes from (`SpecProvenance`).
    var input: CheckInput?
    /// Whether the platform may be emitted (no error so far).
    var ready: Bool { result.platform != nil && !result.diagnostics.hasErrors }
  }

  /// load → decode → check → lower, and the admission policies. Never emits.
  static func prepare(_ fs: any ReadOnlyFileSystem, _ request: CompileRequest) -> Prepared {
    var result = CompileResult()
    var clock = PhaseClock()
    func done() -> Prepared { Prepared(result: result) }
    let base = TreePath.directory(of: request.platformPath)
    guard
      let platformDoc = load(fs, request.platformPath, request, &result).flatMap({ root -> PlatformDocument? in
        let decoder = SpecDecoder()
        let doc = decoder.decodePlatform(root, file: request.display(request.platformPath))
        result.diagnostics.append(contentsOf: decoder.diagnostics)
        return doc
      })
    else { return done() }

    var environments: [String: EnvironmentDocument] = [:]
    for env in platformDoc.spec.environments {
      let path = TreePath.join(base, "environments/\(env.value).yaml")
      guard fs.isFile(path) else {
        if DNS.isLabel(env.value) {
          let shown = request.display(path)
          result.diagnostics.append(
            .error(
              .missingEnvironmentFile, "environment '\(env.value)' has no file \(shown)", at: env.range, path: env.path,
              notes: [DiagnosticNote("create \(shown) with kind: Environment, or remove '\(env.value)' from spec.environments")]))
        }
        continue
      }
      guard let root = load(fs, path, request, &result) else { continue }
      let decoder = SpecDecoder()
      if let doc = decoder.decodeEnvironment(root, file: request.display(path)) { environments[env.value] = doc }
      result.diagnostics.append(contentsOf: decoder.diagnostics)
    }
    if let dir = request.policyDirectory { PolicyFiles.load(fs, directory: TreePath.join(base, dir), request, &result) }
    clock.mark("load+decode", into: &result)
    let input = CheckInput(platform: platformDoc, environments: environments)
    result.diagnostics.append(contentsOf: CheckRegistry.run(input))
    result.diagnostics.append(contentsOf: signerFiles(platformDoc, fs, base: base))
    clock.mark("check", into: &result)
    let declared = platformDoc.spec.environments.map(\.value)
    for wanted in request.environments ?? [] where !declared.contains(wanted) {
      var notes = [DiagnosticNote("declared environments: \(declared.joined(separator: ", "))")]
      if let s = Suggestion.didYouMean(wanted, in: declared) { notes.insert(DiagnosticNote(s), at: 0) }
      result.diagnostics.append(.error(.unknownEnvironment, "unknown environment '\(wanted)' (from --env)", notes: notes))
    }
    if result.diagnostics.hasErrors { return done() }

    let platform = Lowering.lower(input)
    result.platform = platform
    result.outputPath = TreePath.join(base, platform.gitops.path)
    let selected = Set(request.environments ?? declared)
    result.scopes = declared.filter { selected.contains($0) }
    clock.mark("lower", into: &result)
    let admission = PolicyFiles.admission(result.policies.policies, platform: platform, environments: result.scopes)
    result.diagnostics.append(contentsOf: admission.diagnostics)
    clock.mark("admission", into: &result)
    return Prepared(result: result, admission: admission.artifacts, input: request.keepsDocuments ? input : nil)
  }

  /// Every trusted signer's file exists (checks cannot read files; the compilation can).
  static func signerFiles(_ doc: PlatformDocument, _ fs: any ReadOnlyFileSystem, base: String) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for model in doc.spec.models {
      for signer in model.contract?.signers ?? [] {
        for file in [signer.publicKey, signer.roots].compactMap({ $0 }) where SignerFiles.isClean(file.value) {
          if !fs.isFile(TreePath.join(base, file.value)) {
            out.append(
              .error(
                .signerFileMissing, "signer file '\(file.value)' does not exist", at: file.range, path: file.path,
                notes: [DiagnosticNote("paths are relative to the directory of platform.yaml; commit the PEM file there")]))
          }
        }
      }
    }
    return out
  }

  /// Emits a prepared platform (the back half). With errors already found, returns the result as it is.
  /// - Parameters:
  ///   - elision: the tenants left out, and how (`Emission.Elision`); only plans and incremental
  ///     deploy commits pass any.
  static func emit(
    _ prepared: Prepared, _ request: CompileRequest,
    streamingTo: ((_ outputPath: String, _ scopes: [String]) throws(WriteError) -> Emission.Sink)? = nil,
    elision: Emission.Elision = .renderAll
  ) throws(InternalError) -> CompileResult {
    var result = prepared.result
    // Timed from here: a plan emits each side after both were prepared.
    var clock = PhaseClock()
    guard prepared.ready, let platform = result.platform else { return result }
    var sink: Emission.Sink?
    if let streamingTo {
      do {
        sink = try streamingTo(result.outputPath, result.scopes)
      } catch {
        result.writeError = error
        return result
      }
    }
    let emitted = Emission.emit(
      platform, environments: result.scopes, extraCluster: prepared.admission, readsChecked: request.checksOutput,
      keepsArtifacts: request.keepsArtifacts, sink: sink, elision: elision)
    if let error = sink?.error {
      result.writeError = error
      return result
    }
    clock.mark("emit", into: &result)
    let violations = request.checksOutput ? KueueRules.check(emitted.checked) : []
    clock.mark("kueue-rules", into: &result)
    if let first = violations.first {
      throw InternalError("emitted manifests break an admission rule: \(first) (\(violations.count) violation(s))")
    }
    // `ArtifactSet` rejects duplicate paths itself; without artifacts, the paths are checked alone.
    if request.keepsArtifacts {
      do {
        result.artifacts = try ArtifactSet(emitted.artifacts)
      } catch {
        throw InternalError("two artifacts share a path: \(error)")
      }
    } else if let duplicate = ArtifactSet.duplicatePath(in: emitted.paths) {
      throw InternalError("two artifacts share a path: \(duplicate)")
    }
    result.paths = emitted.paths
    result.elidedPaths = emitted.elidedPaths
    result.countedFiles = emitted.countedFiles
    clock.mark("artifact-set", into: &result)
    return result
  }

  /// Reads and parses one file, recording its text for snippets and any diagnostics.
  static func load(_ fs: any ReadOnlyFileSystem, _ path: String, _ request: CompileRequest, _ result: inout CompileResult) -> LocatedNode? {
    let bytes: [UInt8]
    let shown = request.display(path)
    do {
      bytes = try fs.readFile(path, limit: request.limits.maxFileBytes)
    } catch {
      let code: DiagnosticCode = if case .tooLarge = error { .fileTooLarge } else { .unreadableInput }
      let message = error.message.hasPrefix(path) ? shown + error.message.dropFirst(path.count) : error.message
      result.diagnostics.append(.error(code, message, at: .file(shown)))
      return nil
    }
    let (document, diagnostics) = YAMLLoader.load(bytes, file: shown, limits: request.limits)
    if let document {
      result.sources.add(file: shown, text: document.text)
    } else {
      // Keep the text (when it is text) so located YAML errors still show their line.
      if !bytes.contains(0) { result.sources.add(file: shown, text: String(decoding: bytes, as: UTF8.self)) }
    }
    result.diagnostics.append(contentsOf: diagnostics)
    return document?.root
  }
}

extension DiagnosticCode {
  public static let unreadableInput = DiagnosticCode("input.unreadable")
  public static let unknownEnvironment = DiagnosticCode("input.unknown-environment")
}

import Artifacts
import Diagnostics
import EmitKubernetes
import GitRevisions
import Hashing
import Planning
import VirtualFileSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `paved plan --drift`: a fresh render of the working tree against what is deployed (the output
/// directory, or the deploy branch/revision). Files changed outside paved since the last apply
/// (per each scope's `.paved-applied` record) are drift; the remaining differences are changes
/// not applied yet. The two lists never overlap.
public enum DriftRun {
  public struct Request: Sendable {
    public var root: String
    public var platformFile: String
    /// A directory, or a revision of the repository; nil: `spec.gitops.path` beside platform.yaml.
    public var against: String?
    public var environments: [String]?
    public var displayPrefix: String

    public init(
      root: String, platformFile: String = "platform.yaml", against: String? = nil, environments: [String]? = nil, displayPrefix: String = ""
    ) {
      self.root = root
      self.platformFile = platformFile
      self.against = against
      self.environments = environments
      self.displayPrefix = displayPrefix
    }
  }

  /// One file changed outside paved.
  public struct Entry: Sendable, Equatable {
    public enum Kind: String, Sendable { case modified, deleted, added }
    /// Path under the output root, e.g. `prod/tenants/a/resourcequota-tenant-quota.yaml`.
    public var path: String
    public var kind: Kind
    /// For a modified file: how it differs from what paved renders now (what apply will write back),
    /// field by field; empty when the file is not a manifest both sides can read (then `contentsChanged`).
    public var fields: [FieldChange] = []
    /// A modified file whose difference is not known field by field.
    public var contentsChanged = false
  }

  public struct Outcome: Sendable {
    public var compilation: CompileResult
    /// "directory deploy" or "revision 1a2b3c4 (deploy)".
    public var deployed = ""
    /// The source commit the deployed tree was rendered from, per its records.
    public var deployedSource: String?
    public var drift: [Entry] = []
    /// Scopes without a `.paved-applied` record: drift cannot be told apart there.
    public var unrecordedScopes: [String] = []
    public var unapplied: Plan?
    public var metadata: PlanMetadata
  }

  public static func run(_ request: Request) throws(InternalError) -> Outcome {
    let fs = RecordingFileSystem(LocalFileSystem(root: request.root))
    let compileRequest = CompileRequest(platformPath: request.platformFile, environments: request.environments, displayPrefix: request.displayPrefix)
    var outcome = Outcome(
      compilation: try Compilation.compile(fs, compileRequest),
      metadata: PlanMetadata(
        base: .init(revision: "deployed"), head: .init(revision: "working tree"), inputFingerprint: "", environments: request.environments ?? []))
    guard !outcome.compilation.diagnostics.hasErrors, let fresh = outcome.compilation.artifacts else { return outcome }
    let scopes = outcome.compilation.scopes + (request.environments == nil ? [KubernetesEmitter.gitopsScope] : [])

    // Where the deployed tree is: a directory (relative to the platform's root, like everything
    // else), or a revision. A name that is both is refused rather than guessed.
    let deployedFS: any ReadOnlyFileSystem
    var directory = ""
    var againstDirectory: String?
    if let against = request.against {
      let explicit = against.hasPrefix("/") || against.hasPrefix("./") || against.hasPrefix("../")
      let path = against.hasPrefix("/") || request.root == "." ? against : request.root + "/" + against
      if RepositoryLocation.isDirectory(path) {
        againstDirectory = path
        if !explicit, let location = try? RepositoryLocation.open(request.root), (try? location.resolve(against, option: "--against")) != nil {
          outcome.compilation.diagnostics.append(
            .error(
              .ambiguousAgainst, "--against \(against) names both a directory and a git revision",
              notes: [DiagnosticNote("write ./\(against) for the directory, or refs/heads/\(against) (or its commit) for the branch")]))
          return outcome
        }
      }
    }
    if let against = request.against, againstDirectory == nil {
      let location: RepositoryLocation
      let revision: ResolvedRevision
      do throws(DiagnosticFailure) {
        location = try RepositoryLocation.open(request.root)
        revision = try location.resolve(against, option: "--against")
      } catch {
        outcome.compilation.diagnostics.append(error.diagnostic)
        return outcome
      }
      deployedFS = location.repository.fileTree(of: revision)
      directory = TreePath.join(location.prefix, outcome.compilation.outputPath)
      outcome.deployed = "\(revision), \(directory)/"
      outcome.metadata.base = .init(revision: against, sha: revision.sha)
    } else {
      let dir = againstDirectory ?? (request.root == "." ? outcome.compilation.outputPath : request.root + "/" + outcome.compilation.outputPath)
      deployedFS = LocalFileSystem(root: dir, displayName: dir)
      outcome.deployed = "directory \(dir)"
      outcome.metadata.base = .init(revision: dir)
    }

    var deployed: [Artifact] = []
    var drifted = Set<String>()
    var driftedFiles: [Artifact] = []
    for scope in scopes {
      let dir = TreePath.join(directory, scope)
      let files = TreeListing.files(deployedFS, under: dir)
      let read = { (rel: String) -> [UInt8]? in try? deployedFS.readFile(TreePath.join(dir, rel), limit: 64 << 20) }
      let owned = read(OwnershipList.fileName).flatMap(OwnershipList.parse).map { Set($0.paths) } ?? []
      let record = read(AppliedRecord.fileName).flatMap(AppliedRecord.parse)
      if record == nil && !files.isEmpty { outcome.unrecordedScopes.append(scope) }
      if let source = record?.sourceCommit { outcome.deployedSource = source }
      let present = Set(files)
      for rel in files where !rel.hasPrefix(".paved-") {
        guard let bytes = read(rel) else { continue }
        let path = scope + "/" + rel
        if let record {
          if let digest = record.digests[rel] {
            if digest != SHA256.hexDigest(bytes) {
              outcome.drift.append(Entry(path: path, kind: .modified))
              drifted.insert(path)
              driftedFiles.append(ManifestReader.artifact(path: path, bytes: bytes))
            }
          } else if !owned.contains(rel) {
            outcome.drift.append(Entry(path: path, kind: .added))
            drifted.insert(path)
            continue
          }
        } else if !owned.contains(rel) && !owned.isEmpty {
          continue  // a foreign file paved keeps; without a record it is not planned either
        }
        deployed.append(ManifestReader.artifact(path: path, bytes: bytes))
      }
      for rel in (record?.digests.keys.sorted() ?? []) where !present.contains(rel) {
        outcome.drift.append(Entry(path: scope + "/" + rel, kind: .deleted))
        drifted.insert(scope + "/" + rel)
      }
    }
    outcome.drift.sort { $0.path < $1.path }
    try describe(&outcome.drift, deployed: driftedFiles, rendered: fresh)
    do {
      let base = try ArtifactSet(deployed.filter { !drifted.contains($0.path) })
      let selected = Set(scopes)
      let head = try ArtifactSet(fresh.artifacts.filter { !drifted.contains($0.path) && selected.contains(String($0.path.prefix { $0 != "/" })) })
      outcome.unapplied = Planner().diff(base: base, head: head)
    } catch {
      throw InternalError("deployed or rendered files share a path: \(error)")
    }
    outcome.metadata.inputFingerprint = InputFingerprint.compute([("head", fs.recorded)])
    return outcome
  }
}

extension DriftRun {
  /// Fills in, for each modified file, how it differs from the render, field by field (a plan of the
  /// drifted files alone, from what is deployed to what apply would write).
  static func describe(_ drift: inout [Entry], deployed: [Artifact], rendered: ArtifactSet) throws(InternalError) {
    guard !deployed.isEmpty else { return }
    let plan: Plan
    do {
      let paths = Set(deployed.map(\.path))
      plan = Planner().diff(base: try ArtifactSet(deployed), head: try ArtifactSet(rendered.artifacts.filter { paths.contains($0.path) }))
    } catch {
      throw InternalError("drifted files share a path: \(error)")
    }
    let readable = Set(deployed.filter { $0.object != nil }.map(\.path))
    var byPath: [String: Change] = [:]
    for change in plan.changes { byPath[change.path] = change }
    for i in drift.indices where drift[i].kind == .modified {
      guard let change = byPath[drift[i].path] else { continue }
      drift[i].fields = change.fields
      // Two readable objects with no field changed: only formatting or comments differ.
      drift[i].contentsChanged = change.fields.isEmpty && !readable.contains(drift[i].path)
    }
  }
}

extension RepositoryLocation {
  static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }
}

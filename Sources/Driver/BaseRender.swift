import Diagnostics
import GitRevisions
import VirtualFileSystem

/// A revision's render: the same pipeline over the revision's tree, read from git without a checkout.
struct BaseRender: Sendable {
  let revision: ResolvedRevision
  /// The compilation, or nil when the revision has no platform file (for example the first commit).
  /// After `prepare` it holds the front half's result (diagnostics, platform); after `emit`, everything.
  private(set) var result: CompileResult?
  /// Every input file read, for the fingerprint.
  let files: [(path: String, bytes: [UInt8])]
  /// Where platform.yaml sits inside the repository.
  let platformPath: String
  /// A compiler bug hit while compiling the revision.
  var internalError: InternalError? = nil
  /// The front half, kept until `emit`.
  private(set) var prepared: Compilation.Prepared? = nil
  private var request: CompileRequest? = nil

  /// Opens the repository holding `root`, resolves `revision` and prepares that revision's
  /// `platformFile` (at the same place relative to the repository) for emission: loaded, checked
  /// and lowered. All environments are compiled; callers select. Diagnostics name files
  /// `<sha7>:<path>` (git's own notation for a file at a revision).
  static func prepare(root: String, platformFile: String, revision: String, option: String, keepsDocuments: Bool = false) throws(DiagnosticFailure)
    -> BaseRender
  {
    let location = try RepositoryLocation.open(root)
    let resolved = try location.resolve(revision, option: option)
    let tree = RecordingFileSystem(location.repository.fileTree(of: resolved))
    let platformPath = TreePath.join(location.prefix, platformFile)
    guard tree.isFile(platformPath) else {
      return BaseRender(revision: resolved, result: nil, files: [], platformPath: platformPath)
    }
    var request = CompileRequest(platformPath: platformPath, displayPrefix: resolved.shortSHA + ":")
    request.checksOutput = false
    request.keepsDocuments = keepsDocuments
    let prepared = Compilation.prepare(tree, request)
    return BaseRender(
      revision: resolved, result: prepared.result, files: tree.recorded, platformPath: platformPath, prepared: prepared, request: request)
  }

  /// Emits the prepared revision, leaving out what `elision` says (see `Emission.Elision`).
  mutating func emit(_ elision: Emission.Elision) {
    guard let prepared, let request else { return }
    do {
      result = try Compilation.emit(prepared, request, elision: elision)
    } catch {
      // A compiler bug is a bug whichever side hits it (exit 70); say which side.
      result = nil
      internalError = InternalError("compiling the base \(revision): \(error.description)")
    }
  }

  /// The base's errors, each marked as being about the base revision, led by one summary error.
  func errorsAsBase() -> [Diagnostic] {
    guard let result, result.diagnostics.hasErrors else { return [] }
    let note = DiagnosticNote("in base \(revision), not in the working tree")
    let errors = result.diagnostics.sorted.filter { $0.severity == .error }
    var out = [
      Diagnostic.error(
        .baseDoesNotCompile,
        "the base \(revision) does not compile (\(errors.count) error\(errors.count == 1 ? "" : "s")), so there is nothing to compare with",
        notes: [
          DiagnosticNote("the errors below are in \(platformPath) and its environment files as committed at \(revision.sha)"),
          DiagnosticNote("plan against an older base that compiles (e.g. --base \(revision.spec)~1), or fix the base branch first"),
        ])
    ]
    for var diagnostic in errors {
      diagnostic.summary = "[base \(revision.shortSHA)] " + diagnostic.summary
      diagnostic.notes.append(note)
      out.append(diagnostic)
    }
    return out
  }
}

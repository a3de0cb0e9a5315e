import Diagnostics
import GitRevisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The git repository holding a working-tree directory, and where that directory sits inside it.
struct RepositoryLocation {
  let repository: Repository
  /// The directory's path relative to the repository's work tree ("" at the top).
  let prefix: String

  /// Opens the repository containing `root`; a diagnostic when there is none.
  static func open(_ root: String) throws(DiagnosticFailure) -> RepositoryLocation {
    let repository: Repository
    do {
      repository = try Repository(discoveringFrom: root)
    } catch {
      throw DiagnosticFailure(
        .error(
          .notARepository, "\(root == "." ? "this directory" : root) is not inside a git repository: \(error.message)",
          notes: [DiagnosticNote("plans compare the working tree with a commit: run paved inside the repository that holds platform.yaml")]))
    }
    guard let work = repository.workingDirectory, let workReal = realPath(work), let rootReal = realPath(root) else {
      throw DiagnosticFailure(.error(.notARepository, "the repository at \(repository.gitDirectory) has no work tree (it is bare)"))
    }
    var prefix = ""
    if rootReal != workReal {
      let base = workReal.hasSuffix("/") ? workReal : workReal + "/"
      guard rootReal.hasPrefix(base) else {
        throw DiagnosticFailure(.error(.notARepository, "\(root) is outside the work tree of \(workReal)"))
      }
      prefix = String(rootReal.dropFirst(base.count))
    }
    return RepositoryLocation(repository: repository, prefix: prefix)
  }

  /// Resolves `revision`; a diagnostic naming it when it does not resolve.
  func resolve(_ revision: String, option: String) throws(DiagnosticFailure) -> ResolvedRevision {
    do {
      return try repository.resolve(revision)
    } catch {
      throw DiagnosticFailure(
        .error(
          .unknownRevision, "\(option) '\(revision)' does not name a commit: \(error.message)",
          notes: [DiagnosticNote("use a branch, tag, SHA or an expression such as HEAD~1 or origin/main")]))
    }
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// A user error found before compiling: one diagnostic, thrown.
struct DiagnosticFailure: Error {
  let diagnostic: Diagnostic
  init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}

extension DiagnosticCode {
  public static let notARepository = DiagnosticCode("git.not-a-repository")
  public static let unknownRevision = DiagnosticCode("git.unknown-revision")
}

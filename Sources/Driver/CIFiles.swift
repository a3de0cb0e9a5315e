import Artifacts
import Diagnostics
import EmitCI
import OutputWriter
import PlatformModel

/// The CI files a platform renders, compared with and written to the platform's root.
public enum CIFiles {
  /// One file whose contents on disk differ from what the spec renders. For CODEOWNERS only
  /// Paved's block is compared.
  public struct Difference: Sendable, Equatable {
    public var path: String
    /// What the spec renders; nil: the file should not exist (the spec no longer renders it).
    public var expected: String?
    /// What is there; nil: missing.
    public var actual: String?
  }

  /// The whole files to write, the CODEOWNERS text with Paved's block, and the owned files to delete.
  struct Desired {
    var files: [(path: String, contents: [UInt8])] = []
    var codeowners: (path: String, block: String)?
    var deletions: [String] = []
  }

  static func desired(_ platform: Platform?, writer: OwnedFiles) -> Desired {
    var desired = Desired()
    let files = platform.map(CIEmitter.files) ?? []
    desired.files = files.map { ($0.path, $0.contents) }
    let rendered = Set(files.map(\.path))
    desired.deletions = CIEmitter.ownedFiles.filter { !rendered.contains($0) && writer.existing($0) != .none }
    desired.codeowners = platform.flatMap(CIEmitter.codeowners)
    return desired
  }

  /// The differences between what `platform` renders and the files under `root`.
  public static func differences(root: String, platform: Platform?) -> [Difference] {
    let writer = OwnedFiles(root: root, marker: CIEmitter.marker)
    let desired = desired(platform, writer: writer)
    var out: [Difference] = []
    for file in desired.files {
      let actual = text(writer.existing(file.path))
      let expected = String(decoding: file.contents, as: UTF8.self)
      if actual != expected { out.append(Difference(path: file.path, expected: expected, actual: actual)) }
    }
    for path in desired.deletions { out.append(Difference(path: path, expected: nil, actual: text(writer.existing(path)))) }
    if let codeowners = desired.codeowners {
      let actual = text(writer.existing(codeowners.path)).flatMap(Codeowners.block(in:))
      if actual != codeowners.block { out.append(Difference(path: codeowners.path, expected: codeowners.block, actual: actual)) }
    }
    return out.sorted { $0.path < $1.path }
  }

  private static func text(_ existing: OwnedFiles.Existing) -> String? {
    switch existing {
    case .none: nil
    case .owned(let bytes), .foreign(let bytes): String(decoding: bytes, as: UTF8.self)
    }
  }

  /// The writes and deletions that bring `root` to what `platform` renders, checked: a file Paved
  /// does not own in the way, or a broken CODEOWNERS block, is a diagnostic before anything is written.
  public struct Pending: Sendable {
    let writer: OwnedFiles
    let files: [(path: String, contents: [UInt8])]
    let deletions: [String]
    let foreignAllowed: Set<String>

    /// Writes and deletes. Returns the paths changed.
    public func commit() -> Result<[String], DiagnosticBox> {
      do {
        return .success(try writer.apply(files, deletions: deletions, mayReplaceForeign: foreignAllowed))
      } catch {
        return .failure(CIFiles.notWritten(error))
      }
    }
  }

  public static func prepare(root: String, platform: Platform?, durable: Bool) -> Result<Pending, DiagnosticBox> {
    var writer = OwnedFiles(root: root, marker: CIEmitter.marker)
    writer.durable = durable
    let desired = desired(platform, writer: writer)
    var files = desired.files
    var foreignAllowed: Set<String> = []
    if let codeowners = desired.codeowners {
      let existing = text(writer.existing(codeowners.path))
      switch Codeowners.merge(existing: existing, block: codeowners.block) {
      case .success(let merged):
        files.append((codeowners.path, Array(merged.utf8)))
        foreignAllowed.insert(codeowners.path)
      case .failure(let problem):
        let line: Int
        let what: String
        switch problem {
        case .unterminated(let l): (line, what) = (l, "'\(Codeowners.begin)' has no '\(Codeowners.end)' after it")
        case .repeated(let l): (line, what) = (l, "a second '\(Codeowners.begin)'")
        }
        let location = SourceLocation(file: codeowners.path, line: line, column: 1)
        return .failure(
          DiagnosticBox(
            .error(
              .ciFilesNotWritten, "\(codeowners.path): \(what); nothing was written", at: SourceRange(start: location, end: location),
              notes: [
                DiagnosticNote("Paved keeps exactly one block from '\(Codeowners.begin)' to '\(Codeowners.end)'; fix or remove the partial one")
              ])))
      }
    }
    for file in files where !foreignAllowed.contains(file.path) {
      if case .foreign = writer.existing(file.path) { return .failure(notWritten(.foreignFile(path: file.path))) }
    }
    return .success(Pending(writer: writer, files: files, deletions: desired.deletions, foreignAllowed: foreignAllowed))
  }

  static func notWritten(_ error: WriteError) -> DiagnosticBox {
    var notes: [DiagnosticNote] = []
    if case .foreignFile(let path) = error {
      notes.append(DiagnosticNote("\(path) does not start with Paved's marker line, so Paved did not write it; move it away or delete it"))
      return DiagnosticBox(.error(.ciFilesNotWritten, "refusing to overwrite \(path): paved did not write it; nothing was written", notes: notes))
    }
    return DiagnosticBox(.error(.ciFilesNotWritten, "CI files not written: \(error.message)", notes: notes))
  }
}

/// A diagnostic as an `Error` (for `Result`).
public struct DiagnosticBox: Error, Sendable {
  public var diagnostic: Diagnostic
  public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}

extension DiagnosticCode {
  public static let ciFilesNotWritten = DiagnosticCode("output.ci-files-not-written")
  public static let ciFilesStale = DiagnosticCode("ci.stale")
}

import Diagnostics
import Hashing
import ModelArtifacts

/// Compares a verified model-signing statement with the files on disk: the resource set must
/// equal the set of regular files, every hash must match, and nothing unsafe may appear.
enum ManifestCheck {
  static func check(modelPath: String, statement: ModelSigningStatement, bundleName: String?) -> [Diagnostic] {
    var failures: [Diagnostic] = []
    func fail(_ code: DiagnosticCode, _ message: String, _ file: String?) {
      failures.append(.signature(code, message, file: file))
    }
    do {
      let listed = try ModelSigningDigest.rootDigest(statement.resources.map(\.digest))
      if listed != statement.rootDigest {
        fail(.signatureStatementRootMismatch, "the subject digest is not the root of the listed resources", nil)
      }
    } catch {
      fail(.signatureStatementMalformed, "a resource digest is not SHA-256", nil)
    }
    var seen = Set<String>()
    for resource in statement.resources where !seen.insert(resource.name).inserted {
      fail(.signatureResourceDuplicate, "resource listed twice", resource.name)
    }
    switch FileKind.of(modelPath) {
    case .regular:
      guard statement.resources.count == 1, statement.resources[0].name == "." else {
        fail(.signatureResourceMismatch, "a single-file model must be signed as one resource named \".\"", nil)
        return failures
      }
      compare(path: modelPath, label: ".", expected: statement.resources[0].digest, &failures)
    case .directory:
      for resource in statement.resources where !PathSafety.isSafe(resource.name) || resource.name == "." {
        fail(.signatureResourceUnsafeName, "resource name is empty, absolute, or contains '..' or '\\'", resource.name)
      }
      for path in statement.ignorePaths where !PathSafety.isSafe(path) {
        fail(.signatureResourceUnsafeName, "ignore path is absolute or contains '..'", path)
      }
      guard failures.isEmpty else { return failures }
      let directory: ModelDirectory
      do {
        directory = try ModelDirectory.walk(root: modelPath, ignorePaths: statement.ignorePaths)
      } catch {
        fail(.signatureFileUnreadable, "\(error)", nil)
        return failures
      }
      for link in directory.symlinks { fail(.signatureFileSymlink, "symbolic links are not accepted in a signed model", link) }
      for special in directory.specialFiles { fail(.signatureFileNotRegular, "not a regular file", special) }
      let onDisk = Set(directory.files.filter { $0 != bundleName })
      let signed = Dictionary(statement.resources.map { ($0.name, $0.digest) }, uniquingKeysWith: { first, _ in first })
      for file in directory.files where onDisk.contains(file) && signed[file] == nil {
        fail(.signatureFileUnsigned, "file is present but not signed", file)
      }
      for resource in statement.resources where !onDisk.contains(resource.name) {
        fail(.signatureFileMissing, "signed file is missing", resource.name)
      }
      for file in directory.files where onDisk.contains(file) {
        guard let expected = signed[file] else { continue }
        compare(path: modelPath + "/" + file, label: file, expected: expected, &failures)
      }
    case .symlink:
      fail(.signatureFileSymlink, "the model path is a symbolic link", modelPath)
    case .missing, .other:
      fail(.signatureFileMissing, "the model path does not exist or is not a file or directory", modelPath)
    }
    return failures
  }

  static func compare(path: String, label: String, expected: String, _ failures: inout [Diagnostic]) {
    do {
      let digest = try FileDigester.digest(path: path, label: label)
      if digest.sha256 != expected {
        failures.append(Diagnostic.signature(.signatureFileHashMismatch, "hash mismatch", file: label))
      }
    } catch {
      failures.append(Diagnostic.signature(.signatureFileUnreadable, "\(error)", file: label))
    }
  }
}

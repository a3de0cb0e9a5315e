import Diagnostics

/// Validation of resource and member names taken from untrusted artifacts and manifests.
public enum PathSafety {
  /// Throws `artifact.path.unsafe` when `name` is empty, absolute, contains a `..` component,
  /// a backslash or a NUL byte.
  public static func validate(_ name: String, file: String) throws {
    func fail(_ why: String) -> Diagnostic {
      Diagnostic.artifact(.path, .unsafe, "path \"\(name)\" \(why)", file: file)
    }
    guard !name.isEmpty else { throw fail("is empty") }
    guard !name.hasPrefix("/") else { throw fail("is absolute") }
    guard !name.contains("\\") else { throw fail("contains a backslash") }
    guard !name.utf8.contains(0) else { throw fail("contains a NUL byte") }
    guard name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ $0 != ".." }) else {
      throw fail("contains a '..' component")
    }
  }

  /// True when `name` passes `validate`.
  public static func isSafe(_ name: String) -> Bool { (try? validate(name, file: "")) != nil }
}

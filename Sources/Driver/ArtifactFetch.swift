import Artifacts
import OutputWriter

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gets a pinned artifact for `paved promote --fetch`: runs the spec's `ci.modelArtifacts.fetch`
/// command (the one the pull-request workflow runs) through `/bin/sh -c`, with PAVED_MODEL,
/// PAVED_ENVIRONMENT, PAVED_ARTIFACT and PAVED_DIRECTORY (a new scratch directory) set.
enum ArtifactFetch {
  struct Failure: Error { let why: String }

  /// The directory holding the artifact, or why there is none.
  static func fetch(command: String, model: String, environment: String, artifact: String) -> Result<String, Failure> {
    guard let directory = Scratch.make(prefix: "paved-artifact") else { return .failure(Failure(why: "cannot make a scratch directory")) }
    for (name, value) in [("PAVED_MODEL", model), ("PAVED_ENVIRONMENT", environment), ("PAVED_ARTIFACT", artifact), ("PAVED_DIRECTORY", directory)] {
      setenv(name, value, 1)
    }
    let status = system(command)
    guard status == 0 else {
      Scratch.remove(directory)
      return .failure(Failure(why: status < 0 ? "the fetch command could not be started" : "the fetch command exited with \((status >> 8) & 0xFF)"))
    }
    return .success(directory)
  }
}

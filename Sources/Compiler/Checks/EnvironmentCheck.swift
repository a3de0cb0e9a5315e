import Diagnostics
import SpecAST

/// Environment files: name matches, cluster server is https, pins name declared models, digests and
/// artifact URIs are well-formed (no path traversal).
struct EnvironmentCheck: SpecCheck {
  let id = "environments"
  static let artifactSchemes = ["s3", "gs", "pvc", "hf", "oci", "https"]

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let models = input.modelNames
    let modelSet = Set(models)  // membership; `models` stays for suggestions
    var servers: [String: (env: String, server: Located<String>)] = [:]
    for declared in input.platform.spec.environments {
      guard let env = input.environments[declared.value] else { continue }
      if let server = env.cluster?.server {
        // One cluster per environment: two environments on one server would both own its cluster-scoped
        // objects, and its GPUs would count twice.
        let key = Self.normalizedServer(server.value)
        if let first = servers[key] {
          out.append(
            .error(
              .sharedCluster, "environments '\(first.env)' and '\(declared.value)' both deploy to \(server.value)", at: server.range,
              path: server.path,
              notes: [
                DiagnosticNote("\(first.env)'s cluster is set here", at: first.server.range),
                DiagnosticNote(
                  "each environment needs its own cluster: both would own the same cluster-scoped objects, and GPU capacity would count twice"),
              ]))
        } else {
          servers[key] = (declared.value, server)
        }
      }
      if let name = env.name, name.value != declared.value {
        out.append(
          .error(
            .invalidEnvironment, "environment file \(env.file) declares name '\(name.value)', expected '\(declared.value)'", at: name.range,
            path: name.path, notes: [DiagnosticNote("the file name and metadata.name must agree")]))
      }
      if let server = env.cluster?.server, !(server.value.hasPrefix("https://") && server.value.count > 8) {
        out.append(
          .error(.invalidEnvironment, "cluster server must be an https:// URL, found '\(server.value)'", at: server.range, path: server.path))
      }
      if let cluster = env.cluster?.name, !DNS.isSubdomain(cluster.value) {
        out.append(
          .error(
            .invalidName, "invalid cluster name '\(cluster.value)'", at: cluster.range, path: cluster.path,
            notes: [DiagnosticNote("expected lower-case letters, digits, '-' and '.'")]))
      }
      for pin in env.models {
        if !modelSet.contains(pin.key.value) {
          out.append(unresolved("model", pin.key, candidates: models, code: .undeclaredModelPin))
        }
        if let digest = pin.value.digest, !Self.isDigest(digest.value) {
          out.append(
            .error(
              .invalidDigest, "malformed digest '\(digest.value)'", at: digest.range, path: digest.path,
              notes: [DiagnosticNote("expected 'sha256:' followed by 64 lower-case hex digits")]))
        }
        if let artifact = pin.value.artifact { out += artifactProblems(artifact) }
        if let canary = pin.value.canary { out += canaryProblems(canary, stable: pin.value) }
      }
    }
    return out
  }

  /// A server URL compared case-insensitively, without a trailing '/' or the default port.
  static func normalizedServer(_ url: String) -> String {
    var s = url.lowercased()
    while s.hasSuffix("/") { s.removeLast() }
    if s.hasSuffix(":443") { s.removeLast(4) }
    return s
  }

  /// `sha256:<64 lower-case hex>`.
  static func isDigest(_ s: String) -> Bool {
    guard s.hasPrefix("sha256:") else { return false }
    let hex = s.utf8.dropFirst(7)
    return hex.count == 64 && hex.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
  }

  private func canaryProblems(_ canary: CanarySpec, stable: ModelPinSpec) -> [Diagnostic] {
    var out: [Diagnostic] = []
    if let traffic = canary.traffic, !(0...100).contains(traffic.value) {
      out.append(
        .error(.canaryTraffic, "canary traffic must be between 0 and 100 percent, found \(traffic.value)", at: traffic.range, path: traffic.path))
    }
    if let version = canary.version, version.value == stable.version?.value {
      out.append(
        .error(
          .canaryTraffic, "the canary is the stable version '\(version.value)'", at: version.range, path: version.path,
          notes: [DiagnosticNote("a canary must be a different version from the one pinned")]))
    }
    if let digest = canary.digest, !Self.isDigest(digest.value) {
      out.append(
        .error(
          .invalidDigest, "malformed digest '\(digest.value)'", at: digest.range, path: digest.path,
          notes: [DiagnosticNote("expected 'sha256:' followed by 64 lower-case hex digits")]))
    }
    if let artifact = canary.artifact { out += artifactProblems(artifact) }
    return out
  }

  private func artifactProblems(_ artifact: Located<String>) -> [Diagnostic] {
    let value = artifact.value
    guard let schemeEnd = value.range(of: "://") else {
      return [
        .error(
          .invalidArtifactURI, "artifact '\(value)' is not a URI", at: artifact.range, path: artifact.path,
          notes: [DiagnosticNote("expected a URI with one of the schemes: \(Self.artifactSchemes.joined(separator: ", "))")])
      ]
    }
    let scheme = String(value[..<schemeEnd.lowerBound])
    if !Self.artifactSchemes.contains(scheme) {
      var notes = [DiagnosticNote("supported schemes: \(Self.artifactSchemes.joined(separator: ", "))")]
      if let s = Suggestion.didYouMean(scheme, in: Self.artifactSchemes) { notes.insert(DiagnosticNote(s), at: 0) }
      return [.error(.invalidArtifactURI, "unsupported artifact scheme '\(scheme)'", at: artifact.range, path: artifact.path, notes: notes)]
    }
    let rest = value[schemeEnd.upperBound...]
    let segments = rest.split(separator: "/", omittingEmptySubsequences: false)
    if segments.contains(where: { $0 == ".." || $0 == "." }) || rest.contains("\\") || rest.contains("%2e") || rest.contains("%2E") {
      return [
        .error(
          .invalidArtifactURI, "artifact path '\(value)' contains a '.' or '..' segment", at: artifact.range, path: artifact.path,
          notes: [DiagnosticNote("artifact paths must not traverse out of their location")])
      ]
    }
    if rest.isEmpty || rest.hasPrefix("/") {
      return [.error(.invalidArtifactURI, "artifact '\(value)' has no location after the scheme", at: artifact.range, path: artifact.path)]
    }
    if let (problem, expected) = StorageURI.problem(scheme: scheme, rest: String(rest)) {
      return [
        .error(
          .invalidArtifactURI, "artifact '\(value)': \(problem)", at: artifact.range, path: artifact.path,
          notes: [DiagnosticNote("expected \(expected)")])
      ]
    }
    return []
  }
}

extension DiagnosticCode {
  /// Two environments deploy to the same cluster server.
  public static let sharedCluster = DiagnosticCode("check.shared-cluster")
}

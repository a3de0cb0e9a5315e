import Diagnostics
import SpecAST

/// `kubernetesVersion` is a supported minor release (it gates API versions and Pod Security labels).
struct KubernetesVersionCheck: SpecCheck {
  let id = "kubernetes-version"
  static let supported = 30...37

  func run(_ input: CheckInput) -> [Diagnostic] {
    guard let version = input.platform.spec.kubernetesVersion else { return [] }
    if Self.minor(of: version.value) != nil { return [] }
    return [
      .error(
        .unsupportedKubernetesVersion, "unsupported kubernetesVersion '\(version.value)'", at: version.range, path: version.path,
        notes: [DiagnosticNote("supported: 1.\(Self.supported.lowerBound) to 1.\(Self.supported.upperBound), written like \"1.33\"")])
    ]
  }

  /// The minor number of a supported `1.NN` version string.
  static func minor(of text: String) -> Int? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0] == "1", let minor = Int(parts[1]), supported.contains(minor) else { return nil }
    return minor
  }
}

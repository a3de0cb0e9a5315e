import Diagnostics
import SpecAST
import SpecSyntax

/// The policies of a repository, loaded from their files with the spec's strict loader and decoder.
public struct PolicySet: Sendable {
  /// Policies sorted by name.
  public private(set) var policies: [CompiledPolicy] = []
  public private(set) var diagnostics: [Diagnostic] = []
  /// Texts of the policy files, for snippets.
  public private(set) var sources = SourceCatalog()
  /// The same texts by file name, for positions inside expressions at evaluation time.
  public private(set) var texts: [String: String] = [:]
  /// How many files were read (policies that failed to compile included).
  public private(set) var fileCount = 0

  public init() {}

  /// Loads one file (`file` is the name diagnostics use).
  /// - Parameters:
  ///   - file: the name diagnostics show (may carry a revision, `6150c7f:policies/x.yaml`, or a directory prefix).
  ///   - source: the path relative to the platform's root, which rendered output names (default `file`):
  ///     output must not depend on where or from which revision the input was read.
  public mutating func load(_ bytes: [UInt8], file: String, source: String? = nil, limits: LoaderLimits = .default) {
    fileCount += 1
    let (document, loadDiagnostics) = YAMLLoader.load(bytes, file: file, limits: limits)
    diagnostics += loadDiagnostics
    guard let document else {
      if !bytes.contains(0) { sources.add(file: file, text: String(decoding: bytes, as: UTF8.self)) }
      return
    }
    sources.add(file: file, text: document.text)
    texts[file] = document.text
    let decoder = SpecDecoder()
    let decoded = decoder.decodePolicy(document.root, file: file)
    diagnostics += decoder.diagnostics
    guard let decoded, !decoder.diagnostics.contains(where: { $0.severity == .error }) else { return }
    let (policy, compileDiagnostics) = PolicyCompiler.compile(decoded, text: document.text)
    diagnostics += compileDiagnostics
    guard var policy else { return }
    policy.source = source ?? file
    if let other = policies.first(where: { $0.name == policy.name }) {
      diagnostics.append(
        .error(
          .duplicatePolicyName, "policy '\(policy.name)' is defined twice", at: policy.range,
          notes: [DiagnosticNote("first defined here", at: other.range)]))
      return
    }
    policies.append(policy)
    policies.sort { $0.name < $1.name }
  }

  /// True when any file failed to load, decode or compile.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
